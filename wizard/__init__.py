"""The compliance self-assessment wizard: AI Act and GDPR questionnaires, evaluated and reported."""
