// switch_x86_64.S — the stack-copy strategy's register switch for x86-64
// (System V ABI): cstack_asm_switch, specified in cstack.h. Pushes the
// callee-saved registers, the MXCSR and the x87 control word on the running
// stack, lets C save slices and pick the new stack pointer, lets C restore
// the target's slice, pops the same block from the new stack and ends with
// an indirect jump (a `ret` would mispredict: the return target changed).
// -DCSTACK_SWITCH_RET=1 ends with `ret` instead: cstack.c calls this from a
// single call site, so the return target never changes, the `ret` keeps the
// return-stack predictor in step, and the jump leaves it one entry off for
// every later return (measured faster here: see the stack-copy report).

// void *cstack_asm_switch(void *(*save)(void *sp, void *ctx),
//                         void *(*restore)(void *ctx), void *ctx)
//   rdi = save, rsi = restore, rdx = ctx
//
// Block layout, from the saved stack pointer up (both stacks have the same
// layout, so the CFI below stays true after the stack pointer moves):
//   0: x87 control word   4: MXCSR   8: pad   16: pad
//   24: r15  32: r14  40: r13  48: r12  56: rbx  64: rbp  72: return address

    .text
    .p2align 4
    .globl cstack_asm_switch
    .hidden cstack_asm_switch
    .type cstack_asm_switch, @function
cstack_asm_switch:
    .cfi_startproc
    pushq %rbp
    .cfi_adjust_cfa_offset 8
    .cfi_rel_offset %rbp, 0
    pushq %rbx
    .cfi_adjust_cfa_offset 8
    .cfi_rel_offset %rbx, 0
    pushq %r12
    .cfi_adjust_cfa_offset 8
    .cfi_rel_offset %r12, 0
    pushq %r13
    .cfi_adjust_cfa_offset 8
    .cfi_rel_offset %r13, 0
    pushq %r14
    .cfi_adjust_cfa_offset 8
    .cfi_rel_offset %r14, 0
    pushq %r15
    .cfi_adjust_cfa_offset 8
    .cfi_rel_offset %r15, 0
    // 8 (return address) + 48 + 24 = 80: the stack is 16-byte aligned.
    subq $24, %rsp
    .cfi_adjust_cfa_offset 24
    fnstcw (%rsp)
    stmxcsr 4(%rsp)

    movq %rsi, %r12           // restore (callee-saved across save)
    movq %rdx, %r13           // ctx
    movq %rdi, %rax
    movq %rsp, %rdi           // save(sp, ctx)
    movq %rdx, %rsi
    call *%rax
    movq %rax, %rsp           // the target's block (the same sp for a start)
    movq %r13, %rdi           // restore(ctx), below the target's block
    call *%r12

    fldcw (%rsp)
    ldmxcsr 4(%rsp)
    addq $24, %rsp
    .cfi_adjust_cfa_offset -24
    popq %r15
    .cfi_adjust_cfa_offset -8
    .cfi_restore %r15
    popq %r14
    .cfi_adjust_cfa_offset -8
    .cfi_restore %r14
    popq %r13
    .cfi_adjust_cfa_offset -8
    .cfi_restore %r13
    popq %r12
    .cfi_adjust_cfa_offset -8
    .cfi_restore %r12
    popq %rbx
    .cfi_adjust_cfa_offset -8
    .cfi_restore %rbx
    popq %rbp
    .cfi_adjust_cfa_offset -8
    .cfi_restore %rbp
#if CSTACK_SWITCH_RET
    ret                       // rax holds restore's result
#else
    popq %rcx                 // return address; rax holds restore's result
    .cfi_adjust_cfa_offset -8
    .cfi_register %rip, %rcx
    jmp *%rcx
#endif
    .cfi_endproc
    .size cstack_asm_switch, .-cstack_asm_switch

// _Noreturn void cstack_asm_start(void *sp, void (*fn)(void))
//   rdi = sp, rsi = fn: call fn on a fresh frame at sp (rounded down to 16).
    .p2align 4
    .globl cstack_asm_start
    .hidden cstack_asm_start
    .type cstack_asm_start, @function
cstack_asm_start:
    .cfi_startproc
    .cfi_undefined %rip       // the outermost frame of the new stack
    andq $-16, %rdi
    movq %rdi, %rsp
    xorl %ebp, %ebp
    call *%rsi
    ud2
    .cfi_endproc
    .size cstack_asm_start, .-cstack_asm_start

    .section .note.GNU-stack,"",@progbits
