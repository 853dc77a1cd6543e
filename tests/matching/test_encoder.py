"""Encoder with the real bundled MiniLM model."""

import numpy as np
import pytest

from matching import Encoder


def test_encode_shape_dtype_and_norm(encoder):
    v = encoder.encode(["genomic sequencing", "hospital radiology", "drug discovery"])
    assert v.shape == (3, 384) and v.dtype == np.float32
    assert np.allclose(np.linalg.norm(v, axis=1), 1.0, atol=1e-5)
    assert encoder.dim == 384
    assert encoder.model_name == "sentence-transformers/all-MiniLM-L6-v2"


def test_related_texts_are_closer(encoder):
    a, b, c = encoder.encode(
        [
            "deep learning for MRI image analysis",
            "AI models that read radiology scans",
            "organic fertiliser for vineyards",
        ]
    )
    assert a @ b > a @ c + 0.2


def test_empty_text_names_its_index(encoder):
    with pytest.raises(ValueError, match="index 1"):
        encoder.encode(["fine", "   "])
    with pytest.raises(ValueError, match="not a single string"):
        encoder.encode("just a string")
    assert encoder.encode([]).shape == (0, 384)


def test_constructor_only_stores_parameters():
    e = Encoder(model="/nonexistent/model", batch_size=8)
    assert e.model == "/nonexistent/model" and e.batch_size == 8
    assert e.model_name == "/nonexistent/model"
