//! Stance analysis across actors: the actor-by-claim matrix and agreement.
