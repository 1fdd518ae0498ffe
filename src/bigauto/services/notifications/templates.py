"""The words of every notification, in Indonesian (the default) and English.

Each template has a title (also the email subject) and a body made of sentences. A sentence
names its values in braces; a sentence whose values are missing (None) is left out, so one
template serves, say, a cancellation with and without a refund. Values are formatted by
:mod:`bigauto.services.notifications.render` (amounts as rupiah, dates by locale).
"""

from __future__ import annotations

import attrs


@attrs.frozen
class Words:
    """A title and the sentences of a body, in one language."""

    title: str
    sentences: tuple[str, ...]


def _t(title: str, *sentences: str) -> Words:
    return Words(title, sentences)


TEMPLATES: dict[str, dict[str, Words]] = {
    # --- rentals ------------------------------------------------------------------------------
    "rental.requested": {
        "id": _t(
            "Pemesanan dibuat, selesaikan pembayaran",
            "Pemesanan {vehicle} untuk {start_date} s.d. {end_date} telah dibuat.",
            "Bayar {total} sebelum {hold_expires_at} agar tanggalnya tetap untuk Anda.",
        ),
        "en": _t(
            "Booking created: complete your payment",
            "Your booking of {vehicle} from {start_date} to {end_date} has been created.",
            "Pay {total} before {hold_expires_at} to keep the dates.",
        ),
    },
    "rental.paid.customer": {
        "id": _t(
            "Pembayaran pemesanan diterima",
            "Pembayaran pemesanan {vehicle} untuk {start_date} s.d. {end_date} telah diterima.",
            "Penjual akan segera mengonfirmasi pemesanan Anda.",
        ),
        "en": _t(
            "Booking payment received",
            "We received the payment for {vehicle} from {start_date} to {end_date}.",
            "The seller will confirm your booking shortly.",
        ),
    },
    "rental.paid.seller": {
        "id": _t(
            "Pemesanan baru telah dibayar",
            "{vehicle} dipesan untuk {start_date} s.d. {end_date} dan sudah dibayar.",
            "Mohon konfirmasi pemesanan ini.",
        ),
        "en": _t(
            "A new booking has been paid",
            "{vehicle} is booked from {start_date} to {end_date} and paid for.",
            "Please confirm the booking.",
        ),
    },
    "rental.confirmed": {
        "id": _t(
            "Pemesanan dikonfirmasi",
            "Penjual telah mengonfirmasi pemesanan {vehicle} untuk {start_date} s.d. {end_date}.",
        ),
        "en": _t(
            "Booking confirmed",
            "The seller confirmed your booking of {vehicle} from {start_date} to {end_date}.",
        ),
    },
    "rental.pickup_reminder": {
        "id": _t(
            "Pengingat: sewa Anda dimulai besok",
            "Sewa {vehicle} dimulai {start_date}. Jangan lupa bawa KTP dan SIM Anda.",
        ),
        "en": _t(
            "Reminder: your rental starts tomorrow",
            "Your rental of {vehicle} starts on {start_date}. Bring your ID and driving licence.",
        ),
    },
    "rental.started": {
        "id": _t("Sewa dimulai", "Selamat jalan! Sewa {vehicle} berlangsung s.d. {end_date}."),
        "en": _t(
            "Your rental has started", "Enjoy the drive! {vehicle} is yours until {end_date}."
        ),
    },
    "rental.completed": {
        "id": _t(
            "Sewa selesai",
            "Terima kasih telah menyewa {vehicle}. Bagikan pengalaman Anda dengan memberi ulasan.",
        ),
        "en": _t(
            "Rental completed",
            "Thank you for renting {vehicle}. Tell others how it went by leaving a review.",
        ),
    },
    "rental.overdue": {
        "id": _t(
            "Sewa melewati batas waktu",
            "{vehicle} seharusnya sudah dikembalikan pada {end_date}.",
        ),
        "en": _t("Rental overdue", "{vehicle} was due back on {end_date}."),
    },
    "rental.cancelled.customer": {
        "id": _t(
            "Pemesanan dibatalkan",
            "Pemesanan {vehicle} untuk {start_date} s.d. {end_date} telah dibatalkan.",
            "Dana sebesar {refund} akan dikembalikan kepada Anda.",
        ),
        "en": _t(
            "Booking cancelled",
            "Your booking of {vehicle} from {start_date} to {end_date} has been cancelled.",
            "You will be refunded {refund}.",
        ),
    },
    "rental.cancelled.seller": {
        "id": _t(
            "Pemesanan dibatalkan",
            "Pemesanan {vehicle} untuk {start_date} s.d. {end_date} telah dibatalkan.",
        ),
        "en": _t(
            "Booking cancelled",
            "The booking of {vehicle} from {start_date} to {end_date} has been cancelled.",
        ),
    },
    # --- sale orders --------------------------------------------------------------------------
    "sale_order.offered": {
        "id": _t("Penawaran baru", "Ada penawaran {offer_price} untuk {vehicle}."),
        "en": _t("New offer", "You have an offer of {offer_price} for {vehicle}."),
    },
    "sale_order.countered": {
        "id": _t(
            "Penjual mengajukan harga lain",
            "Penjual menawarkan {vehicle} seharga {counter_price} (penawaran Anda {offer_price}).",
        ),
        "en": _t(
            "The seller made a counter-offer",
            "The seller offers {vehicle} for {counter_price} (you offered {offer_price}).",
        ),
    },
    "sale_order.counter_accepted": {
        "id": _t(
            "Pembeli menerima harga Anda",
            "{vehicle} disepakati seharga {agreed_price}. Menunggu pembayaran pembeli.",
        ),
        "en": _t(
            "The buyer accepted your counter-offer",
            "{vehicle} is agreed at {agreed_price}. Waiting for the buyer's payment.",
        ),
    },
    "sale_order.accepted": {
        "id": _t(
            "Penawaran diterima",
            "Penjual menerima penawaran {agreed_price} untuk {vehicle}. Selesaikan pembayaran.",
        ),
        "en": _t(
            "Offer accepted",
            "The seller accepted {agreed_price} for {vehicle}. Please complete the payment.",
        ),
    },
    "sale_order.rejected": {
        "id": _t("Penawaran ditolak", "Penjual menolak penawaran Anda untuk {vehicle}."),
        "en": _t("Offer declined", "The seller declined your offer for {vehicle}."),
    },
    "sale_order.declined": {
        "id": _t(
            "Kendaraan sudah terjual",
            "{vehicle} telah dibeli pembeli lain, jadi penawaran Anda ditutup.",
        ),
        "en": _t(
            "The vehicle has been sold",
            "{vehicle} was bought by someone else, so your offer is closed.",
        ),
    },
    "sale_order.paid.buyer": {
        "id": _t(
            "Pembayaran diterima",
            "Pembayaran {agreed_price} untuk {vehicle} telah diterima.",
            "Penjual akan memproses dokumen kendaraan.",
        ),
        "en": _t(
            "Payment received",
            "We received your payment of {agreed_price} for {vehicle}.",
            "The seller will now transfer the vehicle's documents.",
        ),
    },
    "sale_order.paid.seller": {
        "id": _t(
            "Pembeli telah membayar",
            "Pembayaran untuk {vehicle} telah diterima.",
            "Mulai serah terima dokumen (BPKB, STNK, faktur, pajak).",
        ),
        "en": _t(
            "The buyer has paid",
            "The payment for {vehicle} has been received.",
            "Start transferring the documents (BPKB, STNK, faktur, pajak).",
        ),
    },
    "sale_order.documents_started": {
        "id": _t("Proses dokumen dimulai", "Penjual mulai menyerahkan dokumen {vehicle}."),
        "en": _t(
            "Document transfer started",
            "The seller has started transferring the papers of {vehicle}.",
        ),
    },
    "sale_order.documents_transferred": {
        "id": _t(
            "Dokumen diserahkan",
            "Dokumen {vehicle} yang diserahkan: {documents}.",
            "Masih menunggu: {missing}.",
        ),
        "en": _t(
            "Documents transferred",
            "Documents of {vehicle} transferred: {documents}.",
            "Still to come: {missing}.",
        ),
    },
    "sale_order.completed": {
        "id": _t("Jual beli selesai", "Jual beli {vehicle} telah selesai. Terima kasih!"),
        "en": _t("Sale completed", "The sale of {vehicle} is complete. Thank you!"),
    },
    "sale_order.cancelled": {
        "id": _t(
            "Pesanan dibatalkan",
            "Pesanan pembelian {vehicle} telah dibatalkan.",
            "Dana sebesar {refund} akan dikembalikan kepada pembeli.",
        ),
        "en": _t(
            "Order cancelled",
            "The order for {vehicle} has been cancelled.",
            "{refund} will be refunded to the buyer.",
        ),
    },
    # --- test drives --------------------------------------------------------------------------
    "test_drive.requested": {
        "id": _t(
            "Permintaan test drive",
            "Ada permintaan test drive {vehicle} pada {scheduled_at}. Mohon konfirmasi jadwalnya.",
        ),
        "en": _t(
            "Test drive requested",
            "Someone asked to test-drive {vehicle} on {scheduled_at}. Please confirm the time.",
        ),
    },
    "test_drive.confirmed": {
        "id": _t(
            "Test drive dikonfirmasi",
            "Test drive {vehicle} pada {scheduled_at} telah dikonfirmasi.",
        ),
        "en": _t(
            "Test drive confirmed", "Your test drive of {vehicle} on {scheduled_at} is confirmed."
        ),
    },
    "test_drive.cancelled": {
        "id": _t("Test drive dibatalkan", "Test drive {vehicle} pada {scheduled_at} dibatalkan."),
        "en": _t(
            "Test drive cancelled", "The test drive of {vehicle} on {scheduled_at} was cancelled."
        ),
    },
    # --- money --------------------------------------------------------------------------------
    "payment.receipt": {
        "id": _t(
            "Kuitansi pembayaran {order_id}",
            "Terima kasih, pembayaran sebesar {amount} telah kami terima.",
            "Metode pembayaran: {method}.",
            "Waktu pembayaran: {paid_at}.",
        ),
        "en": _t(
            "Payment receipt {order_id}",
            "Thank you, we received your payment of {amount}.",
            "Payment method: {method}.",
            "Paid at: {paid_at}.",
        ),
    },
    "withdrawal.approved": {
        "id": _t(
            "Penarikan dana disetujui",
            "Penarikan {amount} ke {bank} {account} disetujui dan sedang diproses.",
        ),
        "en": _t(
            "Withdrawal approved",
            "Your withdrawal of {amount} to {bank} {account} is approved and being processed.",
        ),
    },
    "withdrawal.paid": {
        "id": _t("Dana telah ditransfer", "{amount} telah ditransfer ke {bank} {account}."),
        "en": _t("Withdrawal paid", "{amount} has been transferred to {bank} {account}."),
    },
    "withdrawal.rejected": {
        "id": _t(
            "Penarikan dana ditolak",
            "Penarikan {amount} ditolak; dananya kembali ke saldo Anda.",
            "Alasan: {reason}.",
        ),
        "en": _t(
            "Withdrawal rejected",
            "Your withdrawal of {amount} was rejected; the funds are back in your balance.",
            "Reason: {reason}.",
        ),
    },
    # --- chat ---------------------------------------------------------------------------------
    "chat.message": {
        "id": _t("Pesan baru dari {sender}", "{sender}: “{preview}”"),
        "en": _t("New message from {sender}", "{sender}: “{preview}”"),
    },
    "chat.digest": {
        "id": _t(
            "{count} pesan baru di percakapan Anda",
            "Anda menerima {count} pesan baru, terakhir dari {sender}.",
        ),
        "en": _t(
            "{count} new messages in your conversation",
            "You have {count} new messages, the latest from {sender}.",
        ),
    },
}

#: Words around every email, per locale.
EMAIL_FRAME: dict[str, dict[str, str]] = {
    "id": {
        "greeting": "Halo {name},",
        "open": "Buka di Big Auto",
        "lines": "Rincian",
        "total": "Total",
        "footer": "Atur email yang Anda terima di {settings}.",
    },
    "en": {
        "greeting": "Hi {name},",
        "open": "Open in Big Auto",
        "lines": "Details",
        "total": "Total",
        "footer": "Choose which emails you receive at {settings}.",
    },
}

#: Words used inside values (a vehicle without a title, an empty list).
FALLBACKS: dict[str, dict[str, str]] = {
    "id": {"vehicle": "kendaraan Anda", "none": "tidak ada", "someone": "seseorang"},
    "en": {"vehicle": "your vehicle", "none": "none", "someone": "someone"},
}

__all__ = ["EMAIL_FRAME", "FALLBACKS", "TEMPLATES", "Words"]
