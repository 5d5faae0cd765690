//! Importing data (roll-call votes) into maps.
