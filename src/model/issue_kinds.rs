//! Which family makes a field kind's issue-form element and reads its
//! answer back (`FieldDef::issue_element`, `FieldDef::read_answer`); the
//! shared types they use are `issue`'s.

use super::issue::{Answer, Choices, Element};
use super::{FieldDef, FieldKind, Problem, boolean, choice, date, number, refs, text};

impl FieldDef {
    /// The issue-form element of this field.
    pub(crate) fn issue_element(&self, choices: &dyn Choices) -> Element {
        match &self.kind {
            FieldKind::String { pattern } => text::element_string(self, pattern.as_ref()),
            FieldKind::Text { pattern } => text::element_text(self, pattern.as_ref()),
            FieldKind::Url => text::element_url(self),
            FieldKind::Integer { min, max } => number::element(self, true, *min, *max),
            FieldKind::Number { min, max } => number::element(self, false, *min, *max),
            FieldKind::Bool => boolean::element(self),
            FieldKind::Date { .. } => date::element(self),
            FieldKind::Enum { values } => choice::element_enum(self, values),
            FieldKind::List { values } => choice::element_list(self, values.as_deref()),
            FieldKind::Ref { to } => refs::element(self, choices.pages(to), false),
            FieldKind::Refs { to } => refs::element(self, choices.pages(to), true),
        }
    }

    /// Reads the answer GitHub wrote for this field's element (trimmed,
    /// not empty) into the YAML of its value, which `parse` then checks as
    /// `check` does. Refused here only what the form's words forbid and
    /// YAML could not show: HTML in text, a dropdown choice the form does
    /// not offer is passed on for `check` to name.
    pub(crate) fn read_answer(
        &self,
        answer: &str,
        choices: &dyn Choices,
    ) -> Result<Answer, Problem> {
        let key = self.name.as_str();
        match &self.kind {
            FieldKind::String { .. } | FieldKind::Text { .. } | FieldKind::Url => {
                text::answer(answer).map(Answer::yaml)
            }
            FieldKind::Integer { .. } | FieldKind::Number { .. } => {
                Ok(Answer::yaml(number::answer(answer)))
            }
            FieldKind::Bool => boolean::answer(key, answer).map(Answer::yaml),
            FieldKind::Date { .. } => Ok(Answer::yaml(date::answer(answer))),
            FieldKind::Enum { .. } => Ok(Answer::yaml(choice::answer_enum(self, answer))),
            FieldKind::List { values } => Ok(Answer::yaml(choice::answer_list(
                self,
                answer,
                values.is_some(),
            ))),
            FieldKind::Ref { to } => refs::answer(self, answer, choices.pages(to), false),
            FieldKind::Refs { to } => refs::answer(self, answer, choices.pages(to), true),
        }
    }
}
