// Rebuild when the embedded default theme changes (it is compiled in with
// include_dir so `stegvis init` and sites without a themes/ folder work).
fn main() {
    println!("cargo:rerun-if-changed=themes/default");
}
