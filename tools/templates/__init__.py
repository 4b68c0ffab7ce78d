"""Developer tools that build the .docx templates in templates/ (clerks may then edit them in Word)."""
