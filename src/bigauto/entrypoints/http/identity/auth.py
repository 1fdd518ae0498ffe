"""``/api/auth``: registration, email verification, login, OTP, refresh, logout, password."""

from __future__ import annotations

from typing import Any

from litestar import Controller, Request, post
from litestar.datastructures import State
from litestar.params import JSONBody

from bigauto.entrypoints.http.auth import USER, Caller
from bigauto.entrypoints.http.contract import Done
from bigauto.entrypoints.http.identity.bodies import (
    ChangePasswordBody,
    LoginBody,
    OtpRequestBody,
    OtpVerifyBody,
    RefreshBody,
    RegisterBody,
    VerifyEmailBody,
)
from bigauto.entrypoints.http.identity.views import (
    AccountView,
    CodeSent,
    TokensView,
    identity,
    request_info,
    tokens_view,
    user_view,
)
from bigauto.entrypoints.http.ratelimit import limit_by_email
from bigauto.services.identity import login, registration, sessions

#: What the sign-in routes answer of their own, with no token read (the document's words).
_WRONG_CREDENTIALS = {401: "The email and password do not match an account (INVALID_CREDENTIALS)"}
_NOT_VERIFIED = {403: "The account's email is not verified yet (EMAIL_NOT_VERIFIED)"}
_WRONG_CODE = {401: "The code is wrong, used, expired or out of tries (INVALID_OTP)"}
_BAD_REFRESH = {
    401: "The refresh token is invalid, expired, revoked or reused (INVALID_TOKEN); "
    "reuse revokes its whole family"
}


class AuthController(Controller):
    """Accounts and sessions. Every route here is in the ``authentication`` rate category,
    except refresh and logout, which count against the caller's tier only; the sign-in
    attempts (login and the two OTP steps) also count against the account they name."""

    path = "/api/auth"

    @post("/register", operation_id="register", status_code=201)
    async def register(
        self, request: Request[Any, Any, Any], state: State, data: JSONBody[RegisterBody]
    ) -> AccountView:
        user = await registration.register(
            identity(state),
            name=data.name,
            email=data.email,
            password=data.password,
            phone=data.phone,
            locale=data.locale.value,
            request=request_info(request),
        )
        return AccountView(user=user_view(user))

    @post("/verify-email", operation_id="verifyEmail", status_code=200)
    async def verify_email(
        self, request: Request[Any, Any, Any], state: State, data: JSONBody[VerifyEmailBody]
    ) -> AccountView:
        user = await registration.verify_email(identity(state), data.token, request_info(request))
        return AccountView(user=user_view(user))

    @post(
        "/login",
        operation_id="login",
        status_code=200,
        opt={"errors": {**_WRONG_CREDENTIALS, **_NOT_VERIFIED}},
    )
    async def login(
        self, request: Request[Any, Any, Any], state: State, data: JSONBody[LoginBody]
    ) -> TokensView:
        await limit_by_email(request, data.email)
        pair = await login.login_with_password(
            identity(state), data.email, data.password, request_info(request)
        )
        return tokens_view(pair)

    @post("/login-otp", operation_id="requestLoginCode", status_code=202)
    async def login_otp(
        self, request: Request[Any, Any, Any], state: State, data: JSONBody[OtpRequestBody]
    ) -> CodeSent:
        await limit_by_email(request, data.email)
        await login.request_login_code(identity(state), data.email, request_info(request))
        return CodeSent()

    @post(
        "/verify-otp", operation_id="verifyLoginCode", status_code=200, opt={"errors": _WRONG_CODE}
    )
    async def verify_otp(
        self, request: Request[Any, Any, Any], state: State, data: JSONBody[OtpVerifyBody]
    ) -> TokensView:
        await limit_by_email(request, data.email)
        pair = await login.login_with_code(
            identity(state), data.email, data.otp_code, request_info(request)
        )
        return tokens_view(pair)

    @post("/refresh", operation_id="refreshTokens", status_code=200, opt={"errors": _BAD_REFRESH})
    async def refresh(
        self, request: Request[Any, Any, Any], state: State, data: JSONBody[RefreshBody]
    ) -> TokensView:
        pair = await sessions.refresh(identity(state), data.refresh_token, request_info(request))
        return tokens_view(pair)

    @post("/logout", operation_id="logout", status_code=204, dependencies={"principal": USER})
    async def logout(
        self, request: Request[Any, Any, Any], state: State, principal: Caller
    ) -> None:
        await sessions.logout(identity(state), principal.claims(), request_info(request))

    @post(
        "/change-password",
        operation_id="changePassword",
        status_code=200,
        dependencies={"principal": USER},
    )
    async def change_password(
        self,
        request: Request[Any, Any, Any],
        state: State,
        principal: Caller,
        data: JSONBody[ChangePasswordBody],
    ) -> Done:
        await sessions.change_password(
            identity(state),
            principal.claims(),
            data.current_password,
            data.new_password,
            request_info(request),
        )
        return Done(status="password_changed")


__all__ = ["AuthController"]
