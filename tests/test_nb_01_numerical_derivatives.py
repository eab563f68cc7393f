from autograde_suite import AutogradeSuite


class TestNumericalDerivatives(AutogradeSuite):
    assignment = "01_numerical_derivatives"
