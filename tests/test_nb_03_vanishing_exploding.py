from autograde_suite import AutogradeSuite


class TestVanishingExploding(AutogradeSuite):
    assignment = "03_vanishing_exploding"
