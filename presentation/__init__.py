"""What handlers and jobs both show people: texts, buttons and their callback data.

It sits under handlers/ and jobs/ (which must not import each other) and over storage/ and domain/.
"""
