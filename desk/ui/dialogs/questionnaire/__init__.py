"""The researcher's questionnaire (事前確認): a guided wizard over the same ``desk-case/1``
case as the officer's full form (:mod:`desk.ui.dialogs.case_form`).

- :mod:`.wizard` — :class:`QuestionnaireWizard`: one topic a page (who, what technology,
  where and how, exemptions), each question with why it is asked and an example, answers
  checked as typed, a summary page, and the assessment explained after submission;
- :mod:`.labels` — the names of the control-list items and the plain-words questions.
"""

from desk.ui.dialogs.questionnaire.wizard import QuestionnaireWizard

__all__ = ["QuestionnaireWizard"]
