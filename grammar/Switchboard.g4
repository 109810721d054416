// Switchboard's syntax: generic blocks, attributes and expressions (LANGUAGE.md §2).
// The parser rules are what swb runs. Tokens come from the hand-written lexer in
// compiler/syntax/lexer.cpp, which produces exactly the token types defined by the
// lexer rules below; the lexer rules are kept as the readable definition of each
// token and are cross-checked against the hand-written lexer by a unit test.
grammar Switchboard;

// One top-level item at a time: swb splits a file into items and parses each alone.
topItem   : (importDecl | varDecl | block) EOF ;

importDecl : IMPORT STRING (AS IDENT)? ;
varDecl    : VAR IDENT ASSIGN expr ;
// LANGUAGE.md's `member` and `literal` are written inline here: every rule is a parse-tree
// node allocated and walked per use, and these two would add a node to every attribute
// and every value without telling the converter anything the tokens do not.
block      : IDENT IDENT? LBRACE (attribute | block)* RBRACE ;
attribute  : IDENT ASSIGN expr ;

expr
  : STRING | TEXT_BLOCK | INT | DECIMAL | DURATION | SIZE | PERCENT | DATE | TIME_RANGE
  | TRUE | FALSE
  | list
  | object
  | reference
  | call
  | IDENT
  ;

list      : LBRACK (expr (COMMA expr)* COMMA?)? RBRACK ;
object    : LBRACE (field (COMMA? field)* COMMA?)? RBRACE ;
field     : IDENT ASSIGN expr ;
reference : (IDENT | VAR) DOT IDENT ;
call      : IDENT LPAREN (arg (COMMA arg)* COMMA?)? RPAREN ;
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
