"""Every lifecycle, driven by random events and actors, behaves exactly as its table says."""

from __future__ import annotations

from bigauto.testing.machines import (
    PaymentMachine,
    RentalMachine,
    SaleOrderMachine,
    TestDriveMachine,
    WithdrawalMachine,
)

TestRental = RentalMachine.TestCase
TestSaleOrder = SaleOrderMachine.TestCase
TestTestDrive = TestDriveMachine.TestCase
TestPayment = PaymentMachine.TestCase
TestWithdrawal = WithdrawalMachine.TestCase
