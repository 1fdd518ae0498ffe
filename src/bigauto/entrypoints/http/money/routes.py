"""Sellers' money: ``/api/seller/{balance,transactions,withdrawals}`` and the admin's
``/api/admin/withdrawals``.

A balance, a statement line and a withdrawal are the views of
:mod:`bigauto.entrypoints.http.money.views` (``reserved`` and ``paid_out`` in a balance are
additions to the seed's shape). Requesting a withdrawal counts against the ``payment`` rate
limit and honours ``Idempotency-Key`` (see :mod:`bigauto.entrypoints.http.idempotency`), so a
retried request answers the first withdrawal again instead of reserving the funds twice.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Annotated, Any

import msgspec
from litestar import Controller, Request, Response, get, post
from litestar.datastructures import State
from litestar.params import JSONBody, QueryParameter

from bigauto.domain.money.lifecycle import WithdrawalState
from bigauto.domain.money.withdrawals import BANKS, MAX_REASON, Withdrawal
from bigauto.entrypoints.http.auth import ADMIN, SELLER, Caller, Principal
from bigauto.entrypoints.http.contract import (
    MAX_ID_LENGTH,
    Body,
    PageNumber,
    PageSize,
    PathId,
    PositiveRupiah,
)
from bigauto.entrypoints.http.idempotency import IdempotencyKey, create_once
from bigauto.entrypoints.http.money.views import (
    BalanceView,
    StatementLineView,
    WithdrawalView,
    balance_view,
    statement_line_view,
    withdrawal_view,
)
from bigauto.entrypoints.http.paging import Paged, counted_of
from bigauto.services.money import withdrawals
from bigauto.services.money.balances import seller_balance, seller_transactions

_BANK_CODES = ", ".join(sorted(BANKS))


class WithdrawalBody(Body):
    """A seller's withdrawal request: how much, to which bank account."""

    amount: PositiveRupiah
    bank_code: Annotated[
        str,
        msgspec.Meta(
            max_length=16,
            pattern=r"^[A-Za-z0-9]+$",
            description=f"The bank's short code ({_BANK_CODES}) or its 3-digit clearing code",
            examples=["bca", "014"],
        ),
    ]
    account_number: Annotated[
        str,
        msgspec.Meta(
            max_length=40,
            pattern=r"^[0-9 -]+$",
            description="6 to 20 digits; spaces and dashes are ignored",
            examples=["1234567890"],
        ),
    ]
    account_name: Annotated[
        str,
        msgspec.Meta(
            min_length=1,
            max_length=200,
            description="The account holder's name as the bank has it (at most 100 characters)",
            examples=["Budi Santoso"],
        ),
    ]


class RejectBody(Body):
    """Why an admin rejects a withdrawal (optional; shown to the seller)."""

    reason: Annotated[str, msgspec.Meta(max_length=MAX_REASON)] | None = None


#: ``?status=``: only withdrawals in this state.
StatusFilter = Annotated[
    WithdrawalState | None, QueryParameter(description="Only withdrawals in this state")
]
#: ``?seller_id=``: only this seller's withdrawals.
SellerFilter = Annotated[
    str | None,
    QueryParameter(
        min_length=1,
        max_length=MAX_ID_LENGTH,
        pattern=r"^[A-Za-z0-9_.:-]+$",
        description="Only this seller's withdrawals",
    ),
]


class SellerMoneyController(Controller):
    """A seller's balance, statement and withdrawals."""

    path = "/api/seller"
    tags = ["money"]
    dependencies = {"principal": SELLER}

    @get("/balance", operation_id="getSellerBalance", summary="Pending and available funds")
    async def balance(self, state: State, principal: Caller) -> BalanceView:
        found = await seller_balance(state.container.payouts(), principal.user_id)
        return balance_view(found)

    @get(
        "/transactions",
        operation_id="listSellerTransactions",
        summary="Ledger lines on my accounts, newest first",
    )
    async def transactions(
        self, state: State, principal: Caller, page: PageNumber = 1, limit: PageSize = 20
    ) -> Paged[StatementLineView]:
        found = await seller_transactions(
            state.container.payouts(), principal.user_id, page=page, limit=limit
        )
        return counted_of(found, statement_line_view)

    @post(
        "/withdrawals",
        operation_id="requestWithdrawal",
        summary="Withdraw available funds to a bank account (reserved at once; Idempotency-Key)",
        status_code=201,
        opt={"rate_category": "payment"},
    )
    async def request_withdrawal(
        self,
        request: Request[Any, Any, Any],
        state: State,
        principal: Caller,
        data: JSONBody[WithdrawalBody],
        idempotency_key: IdempotencyKey = None,
    ) -> Response[WithdrawalView]:
        async def withdraw(body: WithdrawalBody) -> WithdrawalView:
            made = await withdrawals.request_withdrawal(
                state.container.payouts(),
                seller_id=principal.user_id,
                amount=body.amount,
                bank_code=body.bank_code,
                account_number=body.account_number,
                account_name=body.account_name,
            )
            return withdrawal_view(made)

        return await create_once(request, principal, data, withdraw)

    @get("/withdrawals", operation_id="listSellerWithdrawals", summary="My withdrawals")
    async def list_mine(
        self,
        state: State,
        principal: Caller,
        page: PageNumber = 1,
        limit: PageSize = 20,
        status: StatusFilter = None,
    ) -> Paged[WithdrawalView]:
        return await _withdrawals(state, principal.user_id, status, page, limit)


async def _withdrawals(
    state: State, seller_id: str | None, status: WithdrawalState | None, page: int, limit: int
) -> Paged[WithdrawalView]:
    """A page of withdrawals, newest first: one seller's, or everyone's; of one status, or all."""
    found = await withdrawals.list_withdrawals(
        state.container.payouts(), seller_id=seller_id, status=status, page=page, limit=limit
    )
    return counted_of(found, withdrawal_view)


Decide = Callable[..., Awaitable[Withdrawal]]


async def _decided(
    state: State, decide: Decide, withdrawal_id: str, admin: Principal, **why: str | None
) -> WithdrawalView:
    """An admin's decision on a withdrawal, answered with the withdrawal as it now is."""
    done = await decide(
        state.container.payouts(), withdrawal_id=withdrawal_id, admin_id=admin.user_id, **why
    )
    return withdrawal_view(done)


class AdminWithdrawalsController(Controller):
    """Admins review withdrawals: list, approve, reject (funds back), mark paid."""

    path = "/api/admin/withdrawals"
    tags = ["money", "admin"]
    dependencies = {"principal": ADMIN}

    @get("", operation_id="listWithdrawals", summary="Every withdrawal, newest first")
    async def list_all(
        self,
        state: State,
        principal: Caller,
        page: PageNumber = 1,
        limit: PageSize = 20,
        status: StatusFilter = None,
        seller_id: SellerFilter = None,
    ) -> Paged[WithdrawalView]:
        return await _withdrawals(state, seller_id, status, page, limit)

    @post(
        "/{withdrawal_id:str}/approve",
        operation_id="approveWithdrawal",
        summary="Approve a requested withdrawal",
        status_code=200,
    )
    async def approve(
        self, state: State, principal: Caller, withdrawal_id: PathId
    ) -> WithdrawalView:
        return await _decided(state, withdrawals.approve_withdrawal, withdrawal_id, principal)

    @post(
        "/{withdrawal_id:str}/reject",
        operation_id="rejectWithdrawal",
        summary="Reject a requested withdrawal; the funds are available again",
        status_code=200,
    )
    async def reject(
        self,
        state: State,
        principal: Caller,
        withdrawal_id: PathId,
        data: JSONBody[RejectBody] = RejectBody(),
    ) -> WithdrawalView:
        decide = withdrawals.reject_withdrawal
        return await _decided(state, decide, withdrawal_id, principal, reason=data.reason)

    @post(
        "/{withdrawal_id:str}/mark-paid",
        operation_id="markWithdrawalPaid",
        summary="Record that an approved withdrawal was transferred",
        status_code=200,
    )
    async def mark_paid(
        self, state: State, principal: Caller, withdrawal_id: PathId
    ) -> WithdrawalView:
        return await _decided(state, withdrawals.mark_withdrawal_paid, withdrawal_id, principal)


__all__ = ["AdminWithdrawalsController", "RejectBody", "SellerMoneyController", "WithdrawalBody"]
