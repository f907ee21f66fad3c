"""`python3 -m tessera_torch.launch ARGS` runs `python3 -m torch.distributed.run ARGS` (torchrun).

It first repairs one known bug: on Python 3.11, torch 1.13's Std.from_str returns None for
"0" and "3" (iterating an IntFlag skips NONE and ALL), so the default --redirects/--tee crash
the launcher. Where the bug is absent (other versions) nothing is changed. Use plain
`torchrun` / `python3 -m torch.distributed.run` wherever it works.
"""
import re

from torch.distributed.elastic.multiprocessing import api


def _from_str(vm: str):
    if re.match(api._VALUE_REGEX, vm):
        return api.Std(int(vm))
    if re.match(api._MAPPING_REGEX, vm):
        return {int(i): api.Std(int(v)) for i, v in (m.split(":") for m in vm.split(","))}
    raise ValueError(f"{vm} does not match: <{api._VALUE_REGEX}> or <{api._MAPPING_REGEX}>")


if api.Std.from_str("0") is None:
    api.Std.from_str = staticmethod(_from_str)

if __name__ == "__main__":
    from torch.distributed.run import main

    main()
