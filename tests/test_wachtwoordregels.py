"""Django's password rules, as configured: long enough, not common, not all digits, not like the person's details."""

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError

from .conftest import PASSWORD


@pytest.mark.parametrize("wachtwoord", ["kort-1", "password1234", "123456789012345", "alice.jansen@example"])
def test_a_weak_password_is_refused(alice, wachtwoord):
    with pytest.raises(ValidationError):
        validate_password(wachtwoord, user=alice)


def test_a_long_uncommon_password_is_fine(alice):
    validate_password(PASSWORD, user=alice)
