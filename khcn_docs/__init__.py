"""khcn-docs: Vietnamese administrative documents (Nghị định 30/2020/NĐ-CP) from a structured plan."""

__version__ = "0.1.0"
