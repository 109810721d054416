// Switchboard's syntax: generic blocks, attributes and expressions (LANGUAGE.md §2).
// The parser rules are what swb runs. Tokens come from the hand-written lexer in
// compiler/syntax/lexer.cpp, which produces exactly the token types defined by the
// lexer rules below; the lexer rules are kept as the readable definition of each
// token and are cross-checked against the hand-written lexer by a unit test.
grammar Switchboard;

// The generated parser derives from grammar/SwitchboardParserBase.h (C++ only).
options { superClass = SwitchboardParserBase; }
@parser::header { #include "SwitchboardParserBase.h" }

// One top-level item at a time: swb splits a file into items and parses each alone.
topItem   : (importDecl | varDecl | block) EOF ;
memberItem : member EOF ;  // one member alone, to report the errors after a block's first

importDecl : IMPORT STRING (AS IDENT)? ;
varDecl    : VAR IDENT ASSIGN expr ;
// LANGUAGE.md's grammar, left-factored so that ANTLR decides almost every choice from
// one token of lookahead (generated as a plain switch): the adaptive prediction a choice
// needing two tokens costs takes a lock shared by every parser of the process, which kept
// the threads of a parse waiting on each other. `literal`, `reference` and `call` are
// written inline, which also saves a parse-tree node per value.
block      : IDENT IDENT? LBRACE member* RBRACE ;
// An attribute (`name = value`) or a nested block (`kind name? { … }`).
member     : IDENT ( ASSIGN expr | IDENT? LBRACE member* RBRACE ) ;

expr
  : STRING | TEXT_BLOCK | INT | DECIMAL | DURATION | SIZE | PERCENT | DATE | TIME_RANGE
  | TRUE | FALSE
  | list
  | object
  | VAR DOT IDENT                                                // var.NAME
  | IDENT ( DOT IDENT | LPAREN ( arg (COMMA arg)* COMMA? )? RPAREN )?  // a symbol, KIND.NAME or f(…)
  ;

list      : LBRACK (expr (COMMA expr)* COMMA?)? RBRACK ;
// Fields separated by optional commas, with an optional trailing one.
object    : LBRACE (field COMMA?)* RBRACE ;
field     : IDENT ASSIGN expr ;
arg       : (IDENT ASSIGN)? expr ;

// ---- tokens -------------------------------------------------------------------------
IMPORT : 'import' ;
AS     : 'as' ;
VAR    : 'var' ;
TRUE   : 'true' ;
FALSE  : 'false' ;

LBRACE : '{' ;
RBRACE : '}' ;
LBRACK : '[' ;
RBRACK : ']' ;
LPAREN : '(' ;
RPAREN : ')' ;
ASSIGN : '=' ;
COMMA  : ',' ;
DOT    : '.' ;

TEXT_BLOCK : '"""' .*? '"""' ;
STRING     : '"' ( '\\' ~[\r\n] | ~["\\\r\n] )* '"' ;
TIME_RANGE : D D ':' D D '-' D D ':' D D ;
DATE       : D D D D '-' D D '-' D D ;
DURATION   : ( D+ [dhms] )+ ;
SIZE       : '-'? D+ ( '.' D+ )? ( 'B' | 'KB' | 'MB' | 'GB' | 'KiB' | 'MiB' | 'GiB' ) ;
PERCENT    : '-'? D+ ( '.' D+ )? '%' ;
DECIMAL    : '-'? D+ '.' D+ ;
INT        : '-'? D+ ;
IDENT      : [A-Za-z_] [A-Za-z0-9_]* ;

LINE_COMMENT  : ( '#' | '//' ) ~[\r\n]* -> channel(HIDDEN) ;
BLOCK_COMMENT : '/*' .*? '*/' -> channel(HIDDEN) ;
WS            : [ \t\r\n\uFEFF]+ -> channel(HIDDEN) ;

fragment D : [0-9] ;
