//! Foreign formats, read and written beside the map format: abstract
//! argumentation frameworks in the ICCMA 2023 format ([`iccma`]) and in
//! ASPARTIX's apx ([`apx`]), and roll-call votes in CSV ([`votes`]).

pub mod votes;
