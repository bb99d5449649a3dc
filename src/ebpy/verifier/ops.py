"""ALU and jump operation codes (the opcode's top four bits) as plain ints.

The verifier compares operations on every instruction it walks; comparing with an IntEnum
member looks the member up as a class attribute each time (about five times the cost of a
module constant), so the hot modules use these names instead of AluOp.X and JmpOp.X.
"""

from __future__ import annotations

from ebpy.isa import AluOp, JmpOp

ALU_ADD = int(AluOp.ADD)
ALU_SUB = int(AluOp.SUB)
ALU_MUL = int(AluOp.MUL)
ALU_DIV = int(AluOp.DIV)
ALU_OR = int(AluOp.OR)
ALU_AND = int(AluOp.AND)
ALU_LSH = int(AluOp.LSH)
ALU_RSH = int(AluOp.RSH)
ALU_NEG = int(AluOp.NEG)
ALU_MOD = int(AluOp.MOD)
ALU_XOR = int(AluOp.XOR)
ALU_MOV = int(AluOp.MOV)
ALU_ARSH = int(AluOp.ARSH)
ALU_END = int(AluOp.END)

JMP_JA = int(JmpOp.JA)
JMP_JEQ = int(JmpOp.JEQ)
JMP_JGT = int(JmpOp.JGT)
JMP_JGE = int(JmpOp.JGE)
JMP_JSET = int(JmpOp.JSET)
JMP_JNE = int(JmpOp.JNE)
JMP_JSGT = int(JmpOp.JSGT)
JMP_JSGE = int(JmpOp.JSGE)
JMP_JLT = int(JmpOp.JLT)
JMP_JLE = int(JmpOp.JLE)
JMP_JSLT = int(JmpOp.JSLT)
JMP_JSLE = int(JmpOp.JSLE)
