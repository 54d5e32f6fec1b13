"""Vietnamese banks (by NAPAS BIN), each business's receiving account and its printable stall QR."""
