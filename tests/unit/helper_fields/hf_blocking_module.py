# hf_blocking_module.py — imported by scenarios.py: its body blocks, so the
# importing tasklet is left inside the vm.import helper.
import stackless
stackless.channel().receive()
