// Which identifiers a DJS module may declare.

/**
 * JavaScript's reserved words in module (strict) code, the names strict code
 * may not bind (`arguments`, `eval`), and `undefined`, which DJS reads as the
 * literal: none of them may be declared.
 */
const reserved = [
    'await', 'break', 'case', 'catch', 'class', 'const', 'continue', 'debugger', 'default',
    'delete', 'do', 'else', 'enum', 'export', 'extends', 'false', 'finally', 'for', 'function',
    'if', 'import', 'in', 'instanceof', 'new', 'null', 'return', 'super', 'switch', 'this',
    'throw', 'true', 'try', 'typeof', 'var', 'void', 'while', 'with', 'yield',
    'implements', 'interface', 'let', 'package', 'private', 'protected', 'public', 'static',
    'arguments', 'eval', 'undefined',
]

/** The parameters of every CommonJS module: redeclaring one is a SyntaxError. */
const commonJs = ['exports', 'require', 'module', '__filename', '__dirname']

/** Why `name` may not be declared in a module of `language`, or `null` if it may. */
const declarationError = (language, name) =>
    reserved.includes(name) ? `'${name}' is a reserved word and cannot be declared`
    : language.module === 'cjs' && commonJs.includes(name)
        ? `'${name}' is a parameter of every CommonJS module and cannot be declared`
    : null

export default { reserved, declarationError }
