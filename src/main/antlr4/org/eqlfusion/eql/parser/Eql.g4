// EQL as Elasticsearch 8.x accepts it: event queries, sequences (by, maxspan, per-stage by,
// runs, until, missing events), samples, and pipes. Written for eql-fusion from the EQL syntax
// reference; the parse tree is turned into the AST of org.eqlfusion.eql.ast by AstBuilder.
grammar Eql;

statement
    : query pipe* EOF
    ;

query
    : sequence
    | sample
    | eventQuery
    ;

sequence
    : SEQUENCE sequenceHeader? sequenceTerm+ (UNTIL untilTerm=sequenceTerm)?
    ;

sequenceHeader
    : joinKeys (WITH MAXSPAN ASSIGN maxspan=timeValue)?
    | WITH MAXSPAN ASSIGN maxspan=timeValue joinKeys?
    ;

sequenceTerm
    : missing=BANG? LBRACKET eventFilter RBRACKET joinKeys? (WITH RUNS ASSIGN runs=INTEGER)?
    ;

sample
    : SAMPLE joinKeys? (LBRACKET eventFilter RBRACKET joinKeys?)+
    ;

joinKeys
    : BY expression (COMMA expression)*
    ;

timeValue
    : INTEGER unit=IDENTIFIER?
    | TIME_LITERAL
    ;

eventQuery
    : eventFilter
    ;

eventFilter
    : (ANY | eventCategory) WHERE expression
    ;

eventCategory
    : IDENTIFIER
    | STRING
    | QUOTED_IDENTIFIER
    ;

pipe
    : PIPE name=IDENTIFIER (expression (COMMA expression)*)?
    ;

expression
    : booleanExpression
    ;

booleanExpression
    : NOT booleanExpression                                      # logicalNot
    | left=booleanExpression AND right=booleanExpression        # logicalAnd
    | left=booleanExpression OR right=booleanExpression         # logicalOr
    | predicated                                                 # booleanDefault
    ;

predicated
    : valueExpression predicate?
    ;

predicate
    : NOT? kind=(IN | IN_INSENSITIVE) LPAREN expression (COMMA expression)* RPAREN
    | kind=(SEQ | LIKE | LIKE_INSENSITIVE | REGEX | REGEX_INSENSITIVE) constant
    | kind=(SEQ | LIKE | LIKE_INSENSITIVE | REGEX | REGEX_INSENSITIVE) LPAREN constant (COMMA constant)* RPAREN
    ;

valueExpression
    : primaryExpression                                                        # valueExpressionDefault
    | operator=(MINUS | PLUS) valueExpression                                  # arithmeticUnary
    | left=valueExpression operator=(ASTERISK | SLASH | PERCENT) right=valueExpression  # arithmeticBinary
    | left=valueExpression operator=(PLUS | MINUS) right=valueExpression       # arithmeticBinary
    | left=valueExpression comparisonOperator right=valueExpression           # comparison
    ;

comparisonOperator
    : EQ | NEQ | LT | LTE | GT | GTE
    ;

primaryExpression
    : constant                                          # constantDefault
    | functionExpression                                # function
    | qualifiedName                                     # dereference
    | QUESTION qualifiedName                            # optionalDereference
    | LPAREN expression RPAREN                          # parenthesizedExpression
    ;

functionExpression
    : name=functionName LPAREN (expression (COMMA expression)*)? RPAREN
    ;

functionName
    : IDENTIFIER
    | FUNCTION_INSENSITIVE
    ;

constant
    : NULL                 # nullLiteral
    | number               # numericLiteral
    | (TRUE | FALSE)       # booleanLiteral
    | STRING               # stringLiteral
    ;

number
    : DECIMAL              # decimalLiteral
    | INTEGER              # integerLiteral
    ;

qualifiedName
    : identifier (DOT identifier | LBRACKET INTEGER RBRACKET)*
    ;

identifier
    : IDENTIFIER
    | QUOTED_IDENTIFIER
    ;

AND: 'and';
ANY: 'any';
BY: 'by';
FALSE: 'false';
IN: 'in';
IN_INSENSITIVE: 'in~';
LIKE: 'like';
LIKE_INSENSITIVE: 'like~';
MAXSPAN: 'maxspan';
NOT: 'not';
NULL: 'null';
OR: 'or';
REGEX: 'regex';
REGEX_INSENSITIVE: 'regex~';
RUNS: 'runs';
SAMPLE: 'sample';
SEQUENCE: 'sequence';
TRUE: 'true';
UNTIL: 'until';
WHERE: 'where';
WITH: 'with';

ASSIGN: '=';
EQ: '==';
NEQ: '!=';
LT: '<';
LTE: '<=';
GT: '>';
GTE: '>=';
SEQ: ':';
PLUS: '+';
MINUS: '-';
ASTERISK: '*';
SLASH: '/';
PERCENT: '%';
DOT: '.';
COMMA: ',';
LBRACKET: '[';
RBRACKET: ']';
LPAREN: '(';
RPAREN: ')';
PIPE: '|';
QUESTION: '?';
BANG: '!';

STRING
    : '"""' .*? '"""'
    | '"' ('\\' . | ~[\\"\r\n])* '"'
    | '\'' ('\\' . | ~[\\'\r\n])* '\''
    ;

INTEGER
    : DIGIT+
    ;

DECIMAL
    : DIGIT+ DOT DIGIT*
    | DOT DIGIT+
    | DIGIT+ (DOT DIGIT*)? EXPONENT
    | DOT DIGIT+ EXPONENT
    ;

// a duration such as 10s or 500ms, written without a space (maxspan=10s)
TIME_LITERAL
    : DIGIT+ [a-zA-Z]+
    ;

FUNCTION_INSENSITIVE
    : (LETTER | '_') (LETTER | DIGIT | '_')* '~'
    ;

IDENTIFIER
    : (LETTER | '_' | '@') (LETTER | DIGIT | '_' | '@')*
    ;

QUOTED_IDENTIFIER
    : '`' ( ~'`' | '``' )* '`'
    ;

fragment EXPONENT
    : [Ee] [+-]? DIGIT+
    ;

fragment DIGIT
    : [0-9]
    ;

fragment LETTER
    : [a-zA-Z]
    ;

LINE_COMMENT
    : '//' ~[\r\n]* -> channel(HIDDEN)
    ;

BLOCK_COMMENT
    : '/*' .*? '*/' -> channel(HIDDEN)
    ;

WS
    : [ \r\n\t]+ -> channel(HIDDEN)
    ;

// anything else is reported by the parser with its position
UNRECOGNIZED
    : .
    ;
