"""Embedded defaults on local disk: media, the file mailbox, the payment sandbox, a geocoder."""
