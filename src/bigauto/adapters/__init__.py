"""Implementations of the ports: SQL, memory, NATS, Redis, Midtrans, Cloudinary, Resend, ..."""
