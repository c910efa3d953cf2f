"""Keyed hashes that identify a resident without keeping what identifies them.

The key is derived from SECRET_KEY with a purpose string, so a leaked database
alone does not let anyone test guesses of addresses or IPs.
"""

import hashlib
import hmac
import ipaddress

from django.conf import settings
from django.utils.encoding import force_bytes


def _key(purpose: str) -> bytes:
    return hashlib.sha256(
        force_bytes(f"portal.feedback.{purpose}:{settings.SECRET_KEY}")
    ).digest()


def keyed_hash(value: str, *, purpose: str) -> str:
    return hmac.new(_key(purpose), force_bytes(value), hashlib.sha256).hexdigest()


def normalise_email(email: str) -> str:
    """Case-fold the whole address: one person, one identity, whatever the case."""
    return email.strip().casefold()


def email_hash(email: str) -> str:
    return keyed_hash(normalise_email(email), purpose="email")


def ip_network(ip: str) -> str:
    """The network an address belongs to: IPv4 /24, IPv6 /64 (one household)."""
    try:
        address = ipaddress.ip_address(ip.strip())
    except ValueError:
        return "invalid"
    if address.version == 6 and address.ipv4_mapped:
        address = address.ipv4_mapped
    prefix = 24 if address.version == 4 else 64
    return str(ipaddress.ip_network(f"{address}/{prefix}", strict=False))


def ip_hash(ip: str) -> str:
    return keyed_hash(ip_network(ip), purpose="ip")
