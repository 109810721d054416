# Bash completion for swb, installed as share/bash-completion/completions/swb.
# Self-contained (no bash-completion helpers needed); tests/workflow/completion_test.py keeps
# it in step with `swb help COMMAND`. Rule codes come from `swb rules`, so they never go stale.

_swb_commands="check build plan graph fmt explain rules help"
_swb_config_options="--diagnostics --var -W --werror --max-file-size -j --jobs --color -q --quiet"

# Options of one command, as `swb help COMMAND` lists them.
_swb_options() {
  local common="$_swb_config_options -h --help"
  case "$1" in
    check) echo "--format $common" ;;
    build | graph) echo "-o --output $common" ;;
    plan) echo "--format -o --output --state --base $common" ;;
    fmt) echo "--check --diff $common" ;;
    rules) echo "--format -h --help" ;;
    explain | help) echo "-h --help" ;;
    *) echo "--version -h --help" ;;
  esac
}

# The values an option takes, or nothing (a free value or a file).
_swb_values() {
  case "$2" in
    --format)
      case "$1" in
        check) echo "text json sarif github" ;;
        plan) echo "text json" ;;
        rules) echo "text markdown" ;;
      esac
      ;;
    --diagnostics) echo "text json sarif github" ;;
    --color) echo "auto always never" ;;
  esac
}

_swb_codes() {
  local swb="${COMP_WORDS[0]}"
  { "$swb" rules 2>/dev/null || swb rules 2>/dev/null; } | while read -r code _; do
    echo "$code"
  done
}

# COMPREPLY from words that complete `$2`, given that bash's own current word is `$1` (bash
# splits words at `=`, so the part before it is not in its current word).
_swb_reply() {
  local bash_word="$1" full="$2" candidates="$3" c
  local prefix="${full%"$bash_word"}"
  COMPREPLY=()
  for c in $candidates; do
    [[ "$c" == "$full"* ]] && COMPREPLY+=("${c#"$prefix"}")
  done
}

_swb_paths() {
  local cur="$1"
  compopt -o filenames 2>/dev/null
  mapfile -t COMPREPLY < <(compgen -d -- "$cur"; compgen -f -X '!*.swb' -- "$cur")
}

_swb() {
  local cur="${COMP_WORDS[COMP_CWORD]}"
  # Whole words as typed, `=` included: what the cursor is in, and the word before it.
  local line="${COMP_LINE:0:COMP_POINT}"
  local word="${line##*[[:space:]]}"
  local before="${line%"$word"}"
  before="${before%"${before##*[![:space:]]}"}"
  local prev="${before##*[[:space:]]}"

  local command="" i
  for ((i = 1; i < COMP_CWORD; i++)); do
    if [[ " $_swb_commands " == *" ${COMP_WORDS[i]} "* ]]; then
      command="${COMP_WORDS[i]}"
      break
    fi
  done

  # --option=value
  if [[ "$word" == --*=* ]]; then
    local option="${word%%=*}" values
    values="$(_swb_values "$command" "$option")"
    local v candidates=""
    for v in $values; do candidates+=" $option=$v"; done
    _swb_reply "$cur" "$word" "$candidates"
    return
  fi

  case "$prev" in
    -W)
      local code candidates=""
      if [[ "$word" == *=* ]]; then
        code="${word%%=*}"
        candidates="$code=error $code=warning $code=note $code=off"
      else
        candidates="$(_swb_codes | sed 's/$/=/')"
        compopt -o nospace 2>/dev/null
      fi
      _swb_reply "$cur" "$word" "$candidates"
      return
      ;;
    -o | --output | --state)
      compopt -o filenames 2>/dev/null
      mapfile -t COMPREPLY < <(compgen -f -- "$cur")
      return
      ;;
    --base)
      _swb_reply "$cur" "$word" "HEAD $(git for-each-ref --format='%(refname:short)' 2>/dev/null)"
      return
      ;;
    --var | --max-file-size | -j | --jobs)
      COMPREPLY=()
      return
      ;;
    --format | --diagnostics | --color)
      _swb_reply "$cur" "$word" "$(_swb_values "$command" "$prev")"
      return
      ;;
  esac

  if [[ -z "$command" ]]; then
    if [[ "$word" == -* ]]; then
      _swb_reply "$cur" "$word" "$(_swb_options "")"
    else
      _swb_reply "$cur" "$word" "$_swb_commands"
    fi
    return
  fi
  if [[ "$word" == -* ]]; then
    _swb_reply "$cur" "$word" "$(_swb_options "$command")"
    return
  fi
  case "$command" in
    explain) _swb_reply "$cur" "$word" "$(_swb_codes)" ;;
    help) _swb_reply "$cur" "$word" "$_swb_commands" ;;
    rules) COMPREPLY=() ;;
    *) _swb_paths "$cur" ;;
  esac
}

complete -F _swb swb
