//! Who owns a complaint: the configured rules, the urgency signs, the model that learns from the
//! company's own routing, and its training. Reached from the rest of qmark through `intake`.

pub mod classify;
pub mod intents;
pub mod language;
pub mod model;
pub mod phrase_model;
pub mod priority;
pub mod text;
pub mod training;
pub mod urgency;
pub mod urgency_lexicon;
pub mod urgency_memory;
pub mod urgency_scope;
pub mod wants;
