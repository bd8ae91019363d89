from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kg.errors import KGError
from kg.iri import entity_iri, entity_slug, validate_base_iri
from kg.vocab import DEFAULT_BASE_IRI

INVALID = re.compile(r'[<>" {}|\\^`\x00-\x20]')


@pytest.mark.parametrize(
    ("key", "slug"),
    [
        ("group relative policy optimization", "group-relative-policy-optimization"),
        ("gpt4o mini", "gpt4o-mini"),
        ("llama3.1 405b", "llama3.1-405b"),
    ],
)
def test_iri_readable_keys_give_readable_slugs(key, slug):
    assert entity_slug(key) == slug


@given(st.text(min_size=1, max_size=60))
def test_iri_any_key_gives_a_valid_stable_iri(key):
    iri = entity_iri(DEFAULT_BASE_IRI, key)
    assert not INVALID.search(iri)
    assert iri == entity_iri(DEFAULT_BASE_IRI, key)


@given(st.text(min_size=1, max_size=20), st.text(min_size=1, max_size=20))
def test_iri_different_keys_never_share_a_slug(first, second):
    if first != second:
        assert entity_slug(first) != entity_slug(second)


@pytest.mark.parametrize("base", ["not an iri/", "https://example.org/kg", "https://exa mple.org/", "relative/path/"])
def test_iri_bad_base_is_refused(base):
    with pytest.raises(KGError):
        validate_base_iri(base)
