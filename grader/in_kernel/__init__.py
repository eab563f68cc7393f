"""What runs beside student code in a grading kernel: it may be rewritten by that code, so it never grades."""
