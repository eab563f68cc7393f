"""What runs beside student code in a grading kernel: it may be tampered with, so it reports evidence and never grades."""
