"""Sellers' money: ``/api/seller/{balance,transactions,withdrawals}`` and the admin's
``/api/admin/withdrawals``.

A balance is ``{available, pending, currency, reserved, paid_out}`` (``reserved`` and
``paid_out`` are additions to the seed's shape). A statement line is ``{id, transaction_id,
kind, account, amount, currency, reference, occurred_at}`` where ``amount`` is the change to the
seller's ``account`` (positive when it grows). A withdrawal is ``{id, seller_id, amount,
currency, bank_code, bank_name, account_number, account_name, status, reason, requested_at,
updated_at, history}``. Requesting one counts against the ``payment`` rate limit and honours
``Idempotency-Key`` (see :mod:`bigauto.entrypoints.http.idempotency`), so a retried request
answers the first withdrawal again instead of reserving the funds twice.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

import attrs
from litestar import Controller, Request, Response, get, post
from litestar.datastructures import State
from litestar.handlers import HTTPRouteHandler

from bigauto.domain.money.ledger import SellerBalance
from bigauto.domain.money.withdrawals import Withdrawal
from bigauto.entrypoints.http.auth import ADMIN, SELLER, Principal
from bigauto.entrypoints.http.codec import decode, fields_of
from bigauto.entrypoints.http.idempotency import create_once
from bigauto.entrypoints.http.paging import counted_json
from bigauto.ports.money.repositories import LedgerLine
from bigauto.services.money import withdrawals
from bigauto.services.money.balances import seller_balance, seller_transactions


@attrs.frozen
class WithdrawalBody:
    """A seller's withdrawal request."""

    amount: int
    bank_code: str
    account_number: str
    account_name: str


@attrs.frozen
class RejectBody:
    """Why an admin rejects a withdrawal (optional; shown to the seller)."""

    reason: str | None = None


def balance_json(balance: SellerBalance) -> dict[str, Any]:
    return {
        "available": balance.available.amount,
        "pending": balance.pending.amount,
        "currency": balance.currency,
        "reserved": balance.reserved.amount,
        "paid_out": balance.paid_out.amount,
    }


def line_json(line: LedgerLine) -> dict[str, Any]:
    return {
        "id": str(line.id),
        "transaction_id": line.transaction_id,
        "kind": line.kind.value,
        "account": line.account.kind.value,
        "amount": line.change.amount,
        "currency": line.amount.currency,
        "reference": line.reference,
        "occurred_at": line.occurred_at.isoformat(),
    }


def withdrawal_json(withdrawal: Withdrawal) -> dict[str, Any]:
    account = withdrawal.bank_account
    return {
        "id": withdrawal.id,
        "seller_id": withdrawal.seller_id,
        "amount": withdrawal.amount.amount,
        "currency": withdrawal.amount.currency,
        "bank_code": account.bank_code,
        "bank_name": account.bank.name,
        "account_number": account.account_number,
        "account_name": account.account_name,
        "status": withdrawal.status.value,
        "reason": withdrawal.reason,
        "requested_at": withdrawal.requested_at.isoformat(),
        "updated_at": withdrawal.updated_at.isoformat(),
        "history": [
            {
                "from_state": row.from_state,
                "to_state": row.to_state,
                "event": row.event,
                "actor": row.actor.value,
                "actor_id": row.actor_id,
                "at": row.at.isoformat(),
                "reason": row.reason,
            }
            for row in withdrawal.history
        ],
    }


class SellerMoneyController(Controller):
    """A seller's balance, statement and withdrawals."""

    path = "/api/seller"
    tags = ["money"]
    dependencies = {"principal": SELLER}

    @get("/balance", operation_id="getSellerBalance", summary="Pending and available funds")
    async def balance(self, state: State, principal: Principal) -> dict[str, Any]:
        found = await seller_balance(state.container.payouts(), principal.user_id)
        return balance_json(found)

    @get(
        "/transactions",
        operation_id="listSellerTransactions",
        summary="Ledger lines on my accounts, newest first",
    )
    async def transactions(
        self, state: State, principal: Principal, page: int = 1, limit: int = 20
    ) -> dict[str, Any]:
        found = await seller_transactions(
            state.container.payouts(), principal.user_id, page=page, limit=limit
        )
        return counted_json(found, line_json)

    @post(
        "/withdrawals",
        operation_id="requestWithdrawal",
        summary="Withdraw available funds to a bank account (reserved at once; Idempotency-Key)",
        status_code=201,
        opt={"rate_category": "payment"},
    )
    async def request_withdrawal(
        self, request: Request[Any, Any, Any], state: State, principal: Principal
    ) -> Response[Any]:
        async def withdraw(body: WithdrawalBody) -> dict[str, Any]:
            made = await withdrawals.request_withdrawal(
                state.container.payouts(), seller_id=principal.user_id, **fields_of(body)
            )
            return withdrawal_json(made)

        return await create_once(request, principal, WithdrawalBody, withdraw)

    @get("/withdrawals", operation_id="listSellerWithdrawals", summary="My withdrawals")
    async def list_mine(
        self,
        state: State,
        principal: Principal,
        page: int = 1,
        limit: int = 20,
        status: str | None = None,
    ) -> dict[str, Any]:
        return await _withdrawals(state, principal.user_id, status, page, limit)


async def _withdrawals(
    state: State, seller_id: str | None, status: str | None, page: int, limit: int
) -> dict[str, Any]:
    """A page of withdrawals, newest first: one seller's, or everyone's; of one status, or all."""
    found = await withdrawals.list_withdrawals(
        state.container.payouts(),
        seller_id=seller_id,
        status=withdrawals.withdrawal_state(status),
        page=page,
        limit=limit,
    )
    return counted_json(found, withdrawal_json)


def _decision(
    path: str,
    operation_id: str,
    summary: str,
    decide: Callable[..., Awaitable[Withdrawal]],
    *,
    with_reason: bool = False,
) -> HTTPRouteHandler:
    """``POST /{withdrawal_id}<path>``: an admin's decision on a withdrawal, answered with the
    withdrawal as it now is (200); ``with_reason``: the body may say why (``{"reason"}``)."""

    async def decision(
        controller: Any, body: bytes, state: State, principal: Principal, withdrawal_id: str
    ) -> dict[str, Any]:
        why = {"reason": decode(body, RejectBody).reason} if with_reason else {}
        done = await decide(
            state.container.payouts(),
            withdrawal_id=withdrawal_id,
            admin_id=principal.user_id,
            **why,
        )
        return withdrawal_json(done)

    # Named for the route, as a hand-written handler would be.
    decision.__name__ = decision.__qualname__ = path.strip("/").replace("-", "_")
    path = "/{withdrawal_id:str}" + path
    return post(path, operation_id=operation_id, summary=summary, status_code=200)(decision)


class AdminWithdrawalsController(Controller):
    """Admins review withdrawals: list, approve, reject (funds back), mark paid."""

    path = "/api/admin/withdrawals"
    tags = ["money", "admin"]
    dependencies = {"principal": ADMIN}

    @get("", operation_id="listWithdrawals", summary="Every withdrawal, newest first")
    async def list_all(
        self,
        state: State,
        principal: Principal,
        page: int = 1,
        limit: int = 20,
        status: str | None = None,
        seller_id: str | None = None,
    ) -> dict[str, Any]:
        return await _withdrawals(state, seller_id or None, status, page, limit)

    approve = _decision(
        "/approve",
        "approveWithdrawal",
        "Approve a requested withdrawal",
        withdrawals.approve_withdrawal,
    )
    reject = _decision(
        "/reject",
        "rejectWithdrawal",
        "Reject a requested withdrawal; the funds are available again",
        withdrawals.reject_withdrawal,
        with_reason=True,
    )
    mark_paid = _decision(
        "/mark-paid",
        "markWithdrawalPaid",
        "Record that an approved withdrawal was transferred",
        withdrawals.mark_withdrawal_paid,
    )


__all__ = ["AdminWithdrawalsController", "SellerMoneyController"]
