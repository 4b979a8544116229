# The installed layout of qingdan under a PREFIX, in one place: sourced by install.sh,
# uninstall.sh and package-deb.sh (the package is this layout with PREFIX=/usr).
# Usage: qingdan_layout PREFIX — sets the variables below (absolute paths under PREFIX).
qingdan_layout() {
  local prefix="${1%/}"
  QINGDAN_BIN="$prefix/bin/qingdan"
  # Catalogues, Han tables, synonyms: the binary looks for ../share/qingdan beside its bin/.
  QINGDAN_SHARE="$prefix/share/qingdan"
  QINGDAN_MAN="$prefix/share/man/man1/qingdan.1.gz"
  QINGDAN_BASH_COMPLETION="$prefix/share/bash-completion/completions/qingdan"
  # Debian's zsh reads packaged functions from vendor-completions and local ones from
  # site-functions (both on its default fpath).
  if [ "$prefix" = /usr ]; then
    QINGDAN_ZSH_COMPLETION="$prefix/share/zsh/vendor-completions/_qingdan"
  else
    QINGDAN_ZSH_COMPLETION="$prefix/share/zsh/site-functions/_qingdan"
  fi
  QINGDAN_FISH_COMPLETION="$prefix/share/fish/vendor_completions.d/qingdan.fish"
  QINGDAN_DOC="$prefix/share/doc/qingdan"
  QINGDAN_FILES=("$QINGDAN_BIN" "$QINGDAN_MAN" "$QINGDAN_BASH_COMPLETION"
    "$QINGDAN_ZSH_COMPLETION" "$QINGDAN_FISH_COMPLETION")
  QINGDAN_DIRECTORIES=("$QINGDAN_SHARE" "$QINGDAN_DOC")
}
