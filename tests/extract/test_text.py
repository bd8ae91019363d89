from __future__ import annotations

import spacy
from hypothesis import given
from hypothesis import strategies as st

from kg.extract.text import SENTENCE_SPLITTER, make_doc, sentences_of, span_text, text_of


def spacy_sentences(text: str) -> list[str]:
    reference = spacy.blank("en")
    reference.add_pipe("sentencizer")
    return [sentence.text for sentence in reference(text).sents]


def our_sentences(nlp, text: str) -> list[str]:
    doc = nlp.get_pipe(SENTENCE_SPLITTER)(make_doc(nlp, text))
    return [span_text(sentence) for sentence in sentences_of(doc)]


def test_text_sentences_match_spacy_sentencizer_on_the_seeds(nlp, seed_papers):
    for paper in seed_papers:
        assert our_sentences(nlp, paper.abstract) == spacy_sentences(paper.abstract)


PIECES = ["We", "GRPO", "works", ".", "!", "?", "...", '."', ")", " ", "3.5", "e.g."]


@given(st.lists(st.sampled_from(PIECES), max_size=30))
def test_text_sentences_match_spacy_sentencizer_on_any_punctuation(nlp, words):
    text = " ".join(words)
    assert our_sentences(nlp, text) == spacy_sentences(text)


def test_text_a_doc_keeps_the_text_it_was_made_from(nlp, seed_papers):
    doc = nlp(make_doc(nlp, seed_papers[0].abstract))
    assert text_of(doc) == doc.text == seed_papers[0].abstract
    assert [span_text(sentence) for sentence in sentences_of(doc)] == [s.text for s in doc.sents]
