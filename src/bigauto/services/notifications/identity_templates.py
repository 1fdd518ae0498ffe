"""The emails identity sends, in Indonesian (the default) and English, as text and HTML.

>>> message = verification_email("id", to="ana@example.com", name="Ana",
...                              link="https://bigauto.id/verify-email?token=t", hours=24)
>>> message.subject
'Verifikasi email Anda di Big Auto'
>>> "https://bigauto.id/verify-email?token=t" in message.text
True
"""

from __future__ import annotations

from html import escape

from bigauto.domain.identity.accounts import DEFAULT_LOCALE, SUPPORTED_LOCALES
from bigauto.ports.shared.external import EmailMessage

_VERIFY = {
    "id": {
        "subject": "Verifikasi email Anda di Big Auto",
        "greeting": "Halo {name},",
        "body": "Terima kasih telah mendaftar di Big Auto. Buka tautan ini untuk memverifikasi "
        "alamat email Anda:",
        "button": "Verifikasi email",
        "expiry": "Tautan ini berlaku {hours} jam dan hanya dapat digunakan sekali.",
        "ignore": "Jika Anda tidak mendaftar, abaikan email ini.",
    },
    "en": {
        "subject": "Verify your email for Big Auto",
        "greeting": "Hi {name},",
        "body": "Thanks for signing up to Big Auto. Open this link to verify your email address:",
        "button": "Verify email",
        "expiry": "The link works for {hours} hours and only once.",
        "ignore": "If you did not sign up, ignore this email.",
    },
}

_OTP = {
    "id": {
        "subject": "Kode masuk Big Auto Anda: {code}",
        "greeting": "Halo {name},",
        "body": "Gunakan kode berikut untuk masuk ke Big Auto:",
        "expiry": "Kode ini berlaku {minutes} menit. Jangan berikan kode ini kepada siapa pun.",
        "ignore": "Jika Anda tidak meminta kode ini, abaikan email ini.",
    },
    "en": {
        "subject": "Your Big Auto sign-in code: {code}",
        "greeting": "Hi {name},",
        "body": "Use this code to sign in to Big Auto:",
        "expiry": "The code works for {minutes} minutes. Never share it with anyone.",
        "ignore": "If you did not ask for this code, ignore this email.",
    },
}


def _locale(locale: str) -> str:
    return locale if locale in SUPPORTED_LOCALES else DEFAULT_LOCALE


def _html(paragraphs: list[str], highlight: str) -> str:
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    return (
        '<!doctype html><html><body style="font-family:sans-serif;line-height:1.5">'
        f"{body.replace('{highlight}', highlight)}</body></html>"
    )


def _message(
    words: dict[str, str], *, to: str, name: str, subject: str, secret: str, shown: str, expiry: str
) -> EmailMessage:
    """Both emails' layout: greeting, what to do, the ``secret`` (``shown`` so in HTML), how long
    it works, and what to do if it was not you."""
    greeting = words["greeting"].format(name=name)
    text = "\n\n".join([greeting, words["body"], secret, expiry, words["ignore"]])
    html = _html(
        [
            escape(greeting),
            escape(words["body"]),
            "{highlight}",
            escape(expiry),
            escape(words["ignore"]),
        ],
        shown,
    )
    return EmailMessage(to=to, subject=subject, text=text, html=html)


def verification_email(locale: str, *, to: str, name: str, link: str, hours: int) -> EmailMessage:
    """The "verify your email" message with the single-use link."""
    words = _VERIFY[_locale(locale)]
    button = (
        f'<a href="{escape(link)}" style="background:#0a58ca;color:#fff;padding:10px 16px;'
        f'text-decoration:none;border-radius:4px">{escape(words["button"])}</a>'
    )
    return _message(
        words,
        to=to,
        name=name,
        subject=words["subject"],
        secret=link,
        shown=button,
        expiry=words["expiry"].format(hours=hours),
    )


def otp_email(locale: str, *, to: str, name: str, code: str, minutes: int) -> EmailMessage:
    """The sign-in code message."""
    words = _OTP[_locale(locale)]
    shown = f'<strong style="font-size:28px;letter-spacing:6px">{escape(code)}</strong>'
    return _message(
        words,
        to=to,
        name=name,
        subject=words["subject"].format(code=code),
        secret=code,
        shown=shown,
        expiry=words["expiry"].format(minutes=minutes),
    )


__all__ = ["otp_email", "verification_email"]
