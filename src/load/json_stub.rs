pub struct JsonError {
    pub message: String,
    pub span: crate::source::Span,
    pub label: String,
    pub help: Option<String>,
}
pub fn parse(_t: &str) -> Result<super::value::Value<'_>, JsonError> {
    todo!()
}
