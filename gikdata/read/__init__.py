"""Reading: a raw file (text, HTML, DOCX, PDF) -> decoded text -> normalised text with an offset map."""
