"""Administrator accounts, created from the command line only."""

from __future__ import annotations

import attrs

from bigauto.domain.identity.accounts import User, check_email
from bigauto.domain.identity.passwords import PasswordPolicy
from bigauto.ports.identity.security import PasswordHasher
from bigauto.ports.shared.system import Clock, IdGenerator
from bigauto.ports.unit_of_work import UnitOfWorkFactory


async def create_admin(
    uow_factory: UnitOfWorkFactory,
    hasher: PasswordHasher,
    clock: Clock,
    ids: IdGenerator,
    *,
    email: str,
    password: str,
    name: str = "Administrator",
) -> tuple[User, bool]:
    """Create an admin, or make an existing account an admin with this password.

    Answers the user and whether it was newly created.
    """
    email = check_email(email)
    PasswordPolicy().check(password, email=email)
    password_hash = await hasher.hash(password)
    async with uow_factory() as uow:
        existing = await uow.users.get_by_email(email)
        if existing is not None:
            user = attrs.evolve(
                existing, is_admin=True, password_hash=password_hash, email_verified=True
            )
            await uow.users.update(user)
            created = False
        else:
            user = User(
                id=ids.new_id(),
                email=email,
                name=name,
                password_hash=password_hash,
                created_at=clock.now(),
                email_verified=True,
                is_admin=True,
            )
            await uow.users.add(user)
            created = True
        await uow.commit()
    return user, created


__all__ = ["create_admin"]
