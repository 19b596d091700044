"""Pure rules of the plugin: signatures, channel choice from preferences, backoff bounds."""

from __future__ import annotations

import random

from generated.notifications.models import Channel, ChannelSwitches, Preferences
from plugins.notifications import signing
from plugins.notifications.delivery import backoff_seconds
from plugins.notifications.preferences import DEFAULT_PREFERENCES, channels_for


def test_the_signature_is_the_documented_hmac() -> None:
    import hashlib
    import hmac

    body = b'{"id":"x"}'
    header = signing.signature_header("whsec_test_secret", body, at=1_700_000_000)
    expected = hmac.new(b"whsec_test_secret", b"1700000000." + body, hashlib.sha256).hexdigest()
    assert header == f"t=1700000000,v1={expected}"
    assert signing.verify_signature("whsec_test_secret", body, header, now=1_700_000_100)
    assert not signing.verify_signature("whsec_test_secret", body + b" ", header, now=1_700_000_100)
    assert not signing.verify_signature("whsec_test_secret", body, header, now=1_700_001_000)  # too old
    assert not signing.verify_signature("whsec_test_secret", body, "v1=" + expected, now=1_700_000_100)


def test_channels_follow_switches_kinds_and_choices() -> None:
    everything = {Channel.in_app, Channel.email, Channel.webhook}
    assert channels_for(DEFAULT_PREFERENCES, "anything", None) == everything
    assert channels_for(DEFAULT_PREFERENCES, "anything", [Channel.sms, Channel.email]) == {Channel.email}
    chosen = Preferences(
        channels=ChannelSwitches(in_app=True, email=False, sms=True, push=False, webhook=True),
        kinds={"muted": [], "digest": [Channel.email, Channel.in_app]},
    )
    assert channels_for(chosen, "muted", None) == set()
    assert channels_for(chosen, "digest", None) == {Channel.in_app}  # email is switched off
    assert channels_for(chosen, "other", None) == {Channel.in_app, Channel.sms, Channel.webhook}
    assert channels_for(chosen, "muted", [Channel.sms]) == {Channel.sms}  # the sender's choice, within the switches


def test_backoff_doubles_with_jitter_up_to_the_cap() -> None:
    rng = random.Random(7)
    for failed, full in ((1, 2.0), (2, 4.0), (3, 8.0), (10, 60.0)):
        for _ in range(50):
            pause = backoff_seconds(failed, 2.0, 60.0, rng)
            assert full / 2 <= pause <= full
