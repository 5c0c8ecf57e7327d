//! [`Shared`]: an `Rc` that component props (and memo dependencies) compare by identity. The memo
//! hooks of [`crate::derived`] make a new `Rc` of a derived value (simulation, export…) when, and
//! only when, its inputs change, and the reducer a new `Rc` of an input only when it is edited, so
//! comparing pointers is exact and saves comparing large values on every render.

use std::ops::Deref;
use std::rc::Rc;

/// An `Rc<T>` whose equality is pointer identity.
#[derive(Debug)]
pub struct Shared<T>(pub Rc<T>);

impl<T> Clone for Shared<T> {
    fn clone(&self) -> Self {
        Shared(Rc::clone(&self.0))
    }
}

impl<T> PartialEq for Shared<T> {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

impl<T> Deref for Shared<T> {
    type Target = T;

    fn deref(&self) -> &T {
        &self.0
    }
}

impl<T> From<Rc<T>> for Shared<T> {
    fn from(rc: Rc<T>) -> Self {
        Shared(rc)
    }
}
