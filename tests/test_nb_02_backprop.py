from autograde_suite import AutogradeSuite


class TestBackprop(AutogradeSuite):
    assignment = "02_backprop"
