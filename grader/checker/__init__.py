"""The reference gradient checker: numpy and the standard library only; runs in student kernels and in the grader."""
