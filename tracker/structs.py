"""Structs: classes of named fields, declared as ``dataclasses.dataclass`` declares them
(``@struct(frozen=True)``, ``field(default_factory=list)``) and behaving the same way
(``__init__``, ``__repr__``, ``__eq__``, ``__hash__``, ordering, ``__post_init__``,
``replace``).

Why not ``dataclasses`` itself: on Python 3.11 it compiles six functions for every class
as the class is made, about 4 M instructions a class, and importing it loads ``inspect``
(``ast``, ``dis``, ``tokenize``). A ``trust-tracker check`` makes 25 such classes: that was
four tenths of the whole command. Here the methods are shared functions over the class's
field list, so making a class costs about 0.3 M instructions. A call to ``__init__`` is a
little slower than a dataclass's; structs are made by the thousand at most (the days
themselves live in lists and codes), so it does not show. Standard library only
(``operator``).
"""

from __future__ import annotations

from operator import attrgetter, ge, gt, le, lt

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable
    from typing import Any, TypeVar, dataclass_transform, overload

    T = TypeVar("T")
else:
    def dataclass_transform(**_options):
        return lambda decorator: decorator

    def overload(function):
        return function


class FrozenInstanceError(AttributeError):
    """An assignment to a field of a frozen struct."""


class _Missing:
    def __repr__(self) -> str:
        return "MISSING"


MISSING: Any = _Missing()


class Field:
    """One field of a struct: its name, its default (a value or a factory), and whether
    it shows in the repr and takes part in comparisons."""

    __slots__ = ("name", "default", "default_factory", "repr", "compare")

    def __init__(self, default: Any, default_factory: Any, repr: bool, compare: bool) -> None:  # noqa: A002
        self.name = ""
        self.default = default
        self.default_factory = default_factory
        self.repr = repr
        self.compare = compare

    def __repr__(self) -> str:
        return f"Field({self.name!r})"


@overload
def field(*, default: T, repr: bool = True, compare: bool = True) -> T: ...  # noqa: A002


@overload
def field(*, default_factory: Callable[[], T], repr: bool = True, compare: bool = True) -> T: ...  # noqa: A002


def field(*, default: Any = MISSING, default_factory: Any = MISSING, repr: bool = True,  # noqa: A002
          compare: bool = True) -> Any:
    """A field with options, as ``dataclasses.field``."""
    if default is not MISSING and default_factory is not MISSING:
        raise ValueError("cannot specify both default and default_factory")
    return Field(default, default_factory, repr, compare)


def fields(item: object) -> tuple[Field, ...]:
    """A struct's fields (of a struct or its class), in declaration order."""
    found: tuple[Field, ...] | None = getattr(item, "__struct_fields__", None)
    if found is None:
        raise TypeError("must be called with a struct or a struct class")
    return found


def replace(item: T, /, **changes: Any) -> T:
    """A copy of a struct with some fields changed (checked by the struct's ``__init__``)."""
    for one in fields(item):
        if one.name not in changes:
            changes[one.name] = item.__dict__[one.name]
    return type(item)(**changes)


def _is_class_var(annotation: object) -> bool:
    text = annotation if isinstance(annotation, str) else getattr(annotation, "__origin__", annotation)
    return text in ("ClassVar", "typing.ClassVar") or str(text).startswith(("ClassVar[", "typing.ClassVar["))


def _fields_of(cls: type) -> tuple[Field, ...]:
    found: dict[str, Field] = {}
    for base in reversed(cls.__mro__[1:]):
        for inherited in base.__dict__.get("__struct_fields__", ()):
            found[inherited.name] = inherited
    for name, annotation in cls.__dict__.get("__annotations__", {}).items():
        if _is_class_var(annotation):
            continue
        value = cls.__dict__.get(name, MISSING)
        one = value if isinstance(value, Field) else Field(value, MISSING, True, True)
        one.name = name
        if isinstance(one.default, (list, dict, set)):
            raise ValueError(f"mutable default {type(one.default)} for field {name} is not allowed:"
                             " use default_factory")
        if one.default is MISSING:
            if name in cls.__dict__:
                delattr(cls, name)  # a factory's field: no class attribute
        else:
            setattr(cls, name, one.default)
        found[name] = one
    defaulted = False
    for one in found.values():
        if one.default is MISSING and one.default_factory is MISSING:
            if defaulted:
                raise TypeError(f"non-default argument {one.name!r} follows default argument")
        else:
            defaulted = True
    return tuple(found.values())


def _key(names: tuple[str, ...]) -> Callable[[object], tuple[Any, ...]]:
    """The values compared, always as a tuple (so identity comes first, as in a dataclass)."""
    if len(names) >= 2:
        return attrgetter(*names)
    if names:
        get = attrgetter(names[0])
        return lambda item: (get(item),)
    return lambda item: ()


def _methods(cls: type, all_fields: tuple[Field, ...], frozen: bool, order: bool) -> dict[str, Any]:
    names = tuple(one.name for one in all_fields)
    known = frozenset(names)
    count = len(names)
    required = tuple(one.name for one in all_fields
                     if one.default is MISSING and one.default_factory is MISSING)
    defaulted = {one.name: one.default for one in all_fields if one.default is not MISSING}
    factories = tuple((one.name, one.default_factory) for one in all_fields
                      if one.default_factory is not MISSING)
    post_init = getattr(cls, "__post_init__", None)
    title = cls.__qualname__
    # the fields still to be named once ``k`` came by position (required fields come first)
    required_after = tuple(frozenset(required[k:]) for k in range(len(required) + 1))

    plain = not factories and post_init is None  # every field given by position: one update

    def __init__(self: Any, *args: Any, **kwargs: Any) -> None:  # noqa: N807
        given = len(args)
        if given == count and plain and not kwargs:  # (a day read in bulk: thousands of them)
            self.__dict__.update(zip(names, args))
            return
        if given > count:
            raise TypeError(f"{title}.__init__() takes {count + 1} positional arguments"
                            f" but {given + 1} were given")
        values = self.__dict__
        if defaulted:
            values.update(defaulted)  # (then overwritten by what is given)
        if given:
            values.update(zip(names, args))
        if kwargs:
            if not known.issuperset(kwargs):
                unknown = next(name for name in kwargs if name not in known)
                raise TypeError(f"{title}.__init__() got an unexpected keyword argument {unknown!r}")
            if given and not kwargs.keys().isdisjoint(names[:given]):
                twice = next(name for name in names[:given] if name in kwargs)
                raise TypeError(f"{title}.__init__() got multiple values for argument {twice!r}")
            values.update(kwargs)
        if given < len(required) and not kwargs.keys() >= required_after[given]:
            missing = [name for name in required[given:] if name not in kwargs]
            raise TypeError(f"{title}.__init__() missing {len(missing)} required argument(s):"
                            f" {', '.join(repr(name) for name in missing)}")
        for name, factory in factories:
            if name not in values:
                values[name] = factory()
        if post_init is not None:
            post_init(self)

    shown = tuple(one.name for one in all_fields if one.repr)

    def __repr__(self: Any) -> str:  # noqa: N807
        values = self.__dict__
        return f"{type(self).__qualname__}({', '.join(f'{name}={values[name]!r}' for name in shown)})"

    key = _key(tuple(one.name for one in all_fields if one.compare))

    def __eq__(self: Any, other: object) -> bool:  # noqa: N807
        if other.__class__ is self.__class__:
            return bool(key(self) == key(other))
        return NotImplemented

    methods: dict[str, Any] = {"__init__": __init__, "__repr__": __repr__, "__eq__": __eq__,
                               "__match_args__": names}
    if frozen:
        def __hash__(self: Any) -> int:  # noqa: N807
            return hash(key(self))

        def __setattr__(self: Any, name: str, value: object) -> None:  # noqa: N807
            raise FrozenInstanceError(f"cannot assign to field {name!r}")

        def __delattr__(self: Any, name: str) -> None:  # noqa: N807
            raise FrozenInstanceError(f"cannot delete field {name!r}")

        methods.update(__hash__=__hash__, __setattr__=__setattr__, __delattr__=__delattr__)
    elif "__eq__" not in cls.__dict__:
        methods["__hash__"] = None  # mutable and compared by value: not hashable, as a dataclass
    if order:
        for name, operation in ORDER.items():
            methods[name] = _ordering(key, operation)
    return methods


ORDER = {"__lt__": lt, "__le__": le, "__gt__": gt, "__ge__": ge}


def _ordering(key: Callable[[object], tuple[Any, ...]],
              operation: Callable[[Any, Any], Any]) -> Callable[[Any, object], bool]:
    """One of the order methods: the fields compared as a tuple, as a dataclass does."""
    def compare(self: Any, other: object) -> bool:
        if other.__class__ is self.__class__:
            return bool(operation(key(self), key(other)))
        return NotImplemented

    return compare


def _make(cls: type[T], frozen: bool, order: bool) -> type[T]:
    all_fields = _fields_of(cls)
    cls.__struct_fields__ = all_fields  # type: ignore[attr-defined]  # set on the class made here
    explicit_hash = "__hash__" in cls.__dict__ and not (cls.__dict__["__hash__"] is None
                                                         and "__eq__" in cls.__dict__)
    for name, method in _methods(cls, all_fields, frozen, order).items():
        if name == "__hash__" and explicit_hash:
            continue
        if name in cls.__dict__ and name != "__hash__":
            if name in ORDER:
                raise TypeError(f"cannot overwrite attribute {name} in class {cls.__name__}")
            continue
        if callable(method):
            method.__qualname__ = f"{cls.__qualname__}.{name}"
        type.__setattr__(cls, name, method)
    return cls


@overload
def struct(cls: type[T], /) -> type[T]: ...


@overload
def struct(*, frozen: bool = False, order: bool = False) -> Callable[[type[T]], type[T]]: ...


@dataclass_transform(field_specifiers=(field,))
def struct(cls: type[T] | None = None, /, *, frozen: bool = False,
           order: bool = False) -> type[T] | Callable[[type[T]], type[T]]:
    """Make ``cls`` a struct, as ``@dataclass`` (or ``@dataclass(frozen=True, order=True)``)."""
    if cls is None:
        return lambda later: _make(later, frozen, order)
    return _make(cls, frozen, order)
