//! The playground's entry point: mounts [`gwlog::App`] over the loading text in `#app`.

fn main() {
    gwlog::mount();
}
