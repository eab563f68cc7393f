from autograde_suite import AutogradeSuite


class TestGradientChecking(AutogradeSuite):
    assignment = "04_gradient_checking"
