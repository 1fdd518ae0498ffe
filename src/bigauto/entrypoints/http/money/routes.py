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

from collections.abc import Callable
from typing import Any, TypeVar

import attrs
from litestar import Controller, Request, Response, get, post
from litestar.datastructures import State

from bigauto.domain.money.ledger import SellerBalance
from bigauto.domain.money.withdrawals import Withdrawal
from bigauto.entrypoints.http.auth import ADMIN, SELLER, Principal
from bigauto.entrypoints.http.codec import decode
from bigauto.entrypoints.http.idempotency import idempotent
from bigauto.ports.money.repositories import LedgerLine
from bigauto.services.money import withdrawals
from bigauto.services.money.balances import Page, seller_balance, seller_transactions

T = TypeVar("T")


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


def page_json(page: Page[T], item_json: Callable[[T], dict[str, Any]]) -> dict[str, Any]:
    return {
        "data": [item_json(item) for item in page.items],
        "pagination": {
            "current_page": page.page,
            "total_pages": page.pages,
            "total_items": page.total,
            "items_per_page": page.limit,
        },
    }


class SellerMoneyController(Controller):
    """A seller's balance, statement and withdrawals."""

    path = "/api/seller"
    tags = ["money"]
    dependencies = {"principal": SELLER}

    @get("/balance", operation_id="getSellerBalance", summary="Pending and available funds")
    async def balance(self, state: State, principal: Principal) -> dict[str, Any]:
        found = await seller_balance(state.container.uow_factory(), principal.user_id)
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
            state.container.uow_factory(), principal.user_id, page=page, limit=limit
        )
        return page_json(found, line_json)

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
        raw = await request.body()

        async def run() -> tuple[int, dict[str, Any]]:
            body = decode(raw, WithdrawalBody)
            c = state.container
            made = await withdrawals.request_withdrawal(
                c.uow_factory(),
                c.clock(),
                c.ids(),
                seller_id=principal.user_id,
                amount=body.amount,
                bank_code=body.bank_code,
                account_number=body.account_number,
                account_name=body.account_name,
                minimum=state.settings.money.min_withdrawal,
            )
            return 201, withdrawal_json(made)

        return await idempotent(request, principal, "POST /api/seller/withdrawals", raw, run)

    @get("/withdrawals", operation_id="listSellerWithdrawals", summary="My withdrawals")
    async def list_mine(
        self,
        state: State,
        principal: Principal,
        page: int = 1,
        limit: int = 20,
        status: str | None = None,
    ) -> dict[str, Any]:
        found = await withdrawals.list_withdrawals(
            state.container.uow_factory(),
            seller_id=principal.user_id,
            status=withdrawals.withdrawal_state(status),
            page=page,
            limit=limit,
        )
        return page_json(found, withdrawal_json)


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
        found = await withdrawals.list_withdrawals(
            state.container.uow_factory(),
            seller_id=seller_id or None,
            status=withdrawals.withdrawal_state(status),
            page=page,
            limit=limit,
        )
        return page_json(found, withdrawal_json)

    @post(
        "/{withdrawal_id:str}/approve",
        operation_id="approveWithdrawal",
        summary="Approve a requested withdrawal",
        status_code=200,
    )
    async def approve(
        self, state: State, principal: Principal, withdrawal_id: str
    ) -> dict[str, Any]:
        c = state.container
        done = await withdrawals.approve_withdrawal(
            c.uow_factory(),
            c.clock(),
            c.ids(),
            withdrawal_id=withdrawal_id,
            admin_id=principal.user_id,
        )
        return withdrawal_json(done)

    @post(
        "/{withdrawal_id:str}/reject",
        operation_id="rejectWithdrawal",
        summary="Reject a requested withdrawal; the funds are available again",
        status_code=200,
    )
    async def reject(
        self,
        request: Request[Any, Any, Any],
        state: State,
        principal: Principal,
        withdrawal_id: str,
    ) -> dict[str, Any]:
        body = decode(await request.body(), RejectBody)
        c = state.container
        done = await withdrawals.reject_withdrawal(
            c.uow_factory(),
            c.clock(),
            c.ids(),
            withdrawal_id=withdrawal_id,
            admin_id=principal.user_id,
            reason=body.reason,
        )
        return withdrawal_json(done)

    @post(
        "/{withdrawal_id:str}/mark-paid",
        operation_id="markWithdrawalPaid",
        summary="Record that an approved withdrawal was transferred",
        status_code=200,
    )
    async def mark_paid(
        self, state: State, principal: Principal, withdrawal_id: str
    ) -> dict[str, Any]:
        c = state.container
        done = await withdrawals.mark_withdrawal_paid(
            c.uow_factory(),
            c.clock(),
            c.ids(),
            withdrawal_id=withdrawal_id,
            admin_id=principal.user_id,
        )
        return withdrawal_json(done)


__all__ = ["AdminWithdrawalsController", "SellerMoneyController"]
