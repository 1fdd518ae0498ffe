"""``/api/auth``: registration, email verification, login, OTP, refresh, logout, password."""

from __future__ import annotations

from typing import Any, TypeVar

import attrs
from litestar import Controller, Request, Response, post
from litestar.datastructures import State

from bigauto.entrypoints.http.auth import USER, Principal
from bigauto.entrypoints.http.codec import decode
from bigauto.entrypoints.http.identity.views import identity, request_info, tokens_json, user_json
from bigauto.entrypoints.http.ratelimit import limit_by_email
from bigauto.services.identity import login, registration, sessions


@attrs.frozen
class RegisterBody:
    name: str
    email: str
    password: str
    phone: str | None = None
    locale: str = "id"


@attrs.frozen
class VerifyEmailBody:
    token: str


@attrs.frozen
class LoginBody:
    email: str
    password: str


@attrs.frozen
class OtpRequestBody:
    email: str


@attrs.frozen
class OtpVerifyBody:
    email: str
    otp_code: str


@attrs.frozen
class RefreshBody:
    refresh_token: str


@attrs.frozen
class ChangePasswordBody:
    current_password: str
    new_password: str


Attempt = TypeVar("Attempt", LoginBody, OtpRequestBody, OtpVerifyBody)


async def _attempt(request: Request[Any, Any, Any], cls: type[Attempt]) -> Attempt:
    """A sign-in attempt's body, counted against its account as well as against the caller."""
    body = decode(await request.body(), cls)
    await limit_by_email(request, body.email)
    return body


class AuthController(Controller):
    """Accounts and sessions. Every route here is in the ``authentication`` rate category,
    except refresh and logout, which count against the caller's tier only."""

    path = "/api/auth"
    tags = ["auth"]

    @post("/register", operation_id="register", status_code=201)
    async def register(self, request: Request[Any, Any, Any], state: State) -> dict[str, Any]:
        body = decode(await request.body(), RegisterBody)
        user = await registration.register(
            identity(state),
            name=body.name,
            email=body.email,
            password=body.password,
            phone=body.phone,
            locale=body.locale,
            request=request_info(request),
        )
        return {"user": user_json(user)}

    @post("/verify-email", operation_id="verifyEmail", status_code=200)
    async def verify_email(self, request: Request[Any, Any, Any], state: State) -> dict[str, Any]:
        body = decode(await request.body(), VerifyEmailBody)
        user = await registration.verify_email(identity(state), body.token, request_info(request))
        return {"user": user_json(user)}

    @post("/login", operation_id="login", status_code=200)
    async def login(self, request: Request[Any, Any, Any], state: State) -> dict[str, Any]:
        body = await _attempt(request, LoginBody)
        pair = await login.login_with_password(
            identity(state), body.email, body.password, request_info(request)
        )
        return tokens_json(pair)

    @post("/login-otp", operation_id="requestLoginCode", status_code=202)
    async def login_otp(self, request: Request[Any, Any, Any], state: State) -> dict[str, Any]:
        body = await _attempt(request, OtpRequestBody)
        await login.request_login_code(identity(state), body.email, request_info(request))
        # The same answer whether or not the address has an account.
        return {"status": "sent", "message": "if the address has an account, a code is on its way"}

    @post("/verify-otp", operation_id="verifyLoginCode", status_code=200)
    async def verify_otp(self, request: Request[Any, Any, Any], state: State) -> dict[str, Any]:
        body = await _attempt(request, OtpVerifyBody)
        pair = await login.login_with_code(
            identity(state), body.email, body.otp_code, request_info(request)
        )
        return tokens_json(pair)

    @post("/refresh", operation_id="refreshTokens", status_code=200)
    async def refresh(self, request: Request[Any, Any, Any], state: State) -> dict[str, Any]:
        body = decode(await request.body(), RefreshBody)
        pair = await sessions.refresh(identity(state), body.refresh_token, request_info(request))
        return tokens_json(pair)

    @post("/logout", operation_id="logout", status_code=204, dependencies={"principal": USER})
    async def logout(
        self, request: Request[Any, Any, Any], state: State, principal: Principal
    ) -> Response[None]:
        await sessions.logout(identity(state), principal.claims(), request_info(request))
        return Response(None, status_code=204)

    @post(
        "/change-password",
        operation_id="changePassword",
        status_code=200,
        dependencies={"principal": USER},
    )
    async def change_password(
        self, request: Request[Any, Any, Any], state: State, principal: Principal
    ) -> dict[str, Any]:
        body = decode(await request.body(), ChangePasswordBody)
        await sessions.change_password(
            identity(state),
            principal.claims(),
            body.current_password,
            body.new_password,
            request_info(request),
        )
        return {"status": "password_changed"}


__all__ = ["AuthController"]
