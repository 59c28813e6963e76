// switch_aarch64.S — the stack-copy strategy's register switch for aarch64
// (AAPCS64): cstack_asm_switch, specified in cstack.h. Stores x19-x30,
// d8-d15 and the FPCR on the running stack, lets C save slices and pick the
// new stack pointer, lets C restore the target's slice, reloads the same
// block from the new stack and ends with `br x30` (a `ret` would mispredict
// through the return stack: the return target changed). -DCSTACK_SWITCH_RET=1
// ends with `ret` instead (see switch_x86_64.S).

// void *cstack_asm_switch(void *(*save)(void *sp, void *ctx),
//                         void *(*restore)(void *ctx), void *ctx)
//   x0 = save, x1 = restore, x2 = ctx
//
// Block layout (176 bytes, from the saved stack pointer up; both stacks have
// the same layout, so the CFI stays true after the stack pointer moves):
//   0: x29 x30   16: x19 x20   32: x21 x22   48: x23 x24   64: x25 x26
//   80: x27 x28   96: d8 d9   112: d10 d11   128: d12 d13   144: d14 d15
//   160: FPCR   168: pad

    .text
    .p2align 4
    .globl cstack_asm_switch
    .hidden cstack_asm_switch
    .type cstack_asm_switch, %function
cstack_asm_switch:
    .cfi_startproc
    sub sp, sp, #176
    .cfi_def_cfa_offset 176
    stp x29, x30, [sp, #0]
    .cfi_offset x29, -176
    .cfi_offset x30, -168
    stp x19, x20, [sp, #16]
    .cfi_offset x19, -160
    .cfi_offset x20, -152
    stp x21, x22, [sp, #32]
    .cfi_offset x21, -144
    .cfi_offset x22, -136
    stp x23, x24, [sp, #48]
    .cfi_offset x23, -128
    .cfi_offset x24, -120
    stp x25, x26, [sp, #64]
    .cfi_offset x25, -112
    .cfi_offset x26, -104
    stp x27, x28, [sp, #80]
    .cfi_offset x27, -96
    .cfi_offset x28, -88
    stp d8, d9, [sp, #96]
    .cfi_offset d8, -80
    .cfi_offset d9, -72
    stp d10, d11, [sp, #112]
    .cfi_offset d10, -64
    .cfi_offset d11, -56
    stp d12, d13, [sp, #128]
    .cfi_offset d12, -48
    .cfi_offset d13, -40
    stp d14, d15, [sp, #144]
    .cfi_offset d14, -32
    .cfi_offset d15, -24
    mrs x9, fpcr
    str x9, [sp, #160]
    mov x29, sp

    mov x19, x1               // restore (callee-saved across save)
    mov x20, x2               // ctx
    mov x9, x0
    mov x0, sp                // save(sp, ctx)
    mov x1, x2
    blr x9
    mov sp, x0                // the target's block (the same sp for a start)
    mov x0, x20               // restore(ctx), below the target's block
    blr x19

    ldr x9, [sp, #160]
    msr fpcr, x9
    ldp d14, d15, [sp, #144]
    ldp d12, d13, [sp, #128]
    ldp d10, d11, [sp, #112]
    ldp d8, d9, [sp, #96]
    ldp x27, x28, [sp, #80]
    ldp x25, x26, [sp, #64]
    ldp x23, x24, [sp, #48]
    ldp x21, x22, [sp, #32]
    ldp x19, x20, [sp, #16]
    ldp x29, x30, [sp, #0]
    add sp, sp, #176
    .cfi_def_cfa_offset 0
    .cfi_restore x29
    .cfi_restore x30
    .cfi_restore x19
    .cfi_restore x20
    .cfi_restore x21
    .cfi_restore x22
    .cfi_restore x23
    .cfi_restore x24
    .cfi_restore x25
    .cfi_restore x26
    .cfi_restore x27
    .cfi_restore x28
    .cfi_restore d8
    .cfi_restore d9
    .cfi_restore d10
    .cfi_restore d11
    .cfi_restore d12
    .cfi_restore d13
    .cfi_restore d14
    .cfi_restore d15
#if CSTACK_SWITCH_RET
    ret                       // x0 holds restore's result
#else
    br x30                    // x0 holds restore's result
#endif
    .cfi_endproc
    .size cstack_asm_switch, .-cstack_asm_switch

// _Noreturn void cstack_asm_start(void *sp, void (*fn)(void))
//   x0 = sp, x1 = fn: call fn on a fresh frame at sp (rounded down to 16).
    .p2align 4
    .globl cstack_asm_start
    .hidden cstack_asm_start
    .type cstack_asm_start, %function
cstack_asm_start:
    .cfi_startproc
    .cfi_undefined x30        // the outermost frame of the new stack
    and x0, x0, #~15
    mov sp, x0
    mov x29, #0
    mov x30, #0
    blr x1
    brk #0
    .cfi_endproc
    .size cstack_asm_start, .-cstack_asm_start

    .section .note.GNU-stack,"",@progbits
