"""Resend (https://resend.com): the production email sender."""

from bigauto.adapters.resend.client import ResendEmailSender

__all__ = ["ResendEmailSender"]
