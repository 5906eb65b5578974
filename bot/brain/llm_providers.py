"""Which LangChain package and API key each `BOT_LLM` provider needs, checked at start-up.

Only `openai` ships with Baton; the others are optional extras (`pip install -e '.[ollama]'`,
`.[anthropic]`) or the provider's own LangChain package. This module imports none of them: it
only asks whether they are installed, so the settings can refuse a model that cannot start.
"""

from __future__ import annotations

import importlib.util
from collections.abc import Mapping
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Provider:
    """A chat-model provider LangChain's `init_chat_model` knows."""

    module: str  # the Python package that holds its chat model
    package: str  # what to install
    extra: str | None = None  # Baton's optional extra that installs it
    key_variables: tuple[str, ...] = ()  # where its SDK looks for the API key (empty: none needed)


PROVIDERS: dict[str, Provider] = {
    "openai": Provider("langchain_openai", "langchain-openai", key_variables=("OPENAI_API_KEY",)),
    "azure_openai": Provider("langchain_openai", "langchain-openai", key_variables=("AZURE_OPENAI_API_KEY",)),
    "anthropic": Provider("langchain_anthropic", "langchain-anthropic", "anthropic", ("ANTHROPIC_API_KEY",)),
    "ollama": Provider("langchain_ollama", "langchain-ollama", "ollama"),
    "mistralai": Provider("langchain_mistralai", "langchain-mistralai", key_variables=("MISTRAL_API_KEY",)),
    "groq": Provider("langchain_groq", "langchain-groq", key_variables=("GROQ_API_KEY",)),
    "google_genai": Provider("langchain_google_genai", "langchain-google-genai", key_variables=("GOOGLE_API_KEY",)),
    "google_vertexai": Provider("langchain_google_vertexai", "langchain-google-vertexai"),
    "bedrock": Provider("langchain_aws", "langchain-aws"),
    "bedrock_converse": Provider("langchain_aws", "langchain-aws"),
    "cohere": Provider("langchain_cohere", "langchain-cohere", key_variables=("COHERE_API_KEY",)),
    "fireworks": Provider("langchain_fireworks", "langchain-fireworks", key_variables=("FIREWORKS_API_KEY",)),
    "together": Provider("langchain_together", "langchain-together", key_variables=("TOGETHER_API_KEY",)),
    "deepseek": Provider("langchain_deepseek", "langchain-deepseek", key_variables=("DEEPSEEK_API_KEY",)),
    "xai": Provider("langchain_xai", "langchain-xai", key_variables=("XAI_API_KEY",)),
    "openrouter": Provider("langchain_openrouter", "langchain-openrouter", key_variables=("OPENROUTER_API_KEY",)),
    "huggingface": Provider("langchain_huggingface", "langchain-huggingface"),
}


def provider_of(llm: str) -> str:
    """The provider part of `provider:model`."""
    return llm.partition(":")[0].strip().lower()


def installed(module: str) -> bool:
    """Whether a package can be imported, without importing it."""
    try:
        return importlib.util.find_spec(module) is not None
    except (ImportError, ValueError):
        return False


def llm_problem(llm: str, api_key: str | None, environ: Mapping[str, str]) -> str | None:
    """Why the chat model `llm` cannot start here (no package, no API key), or None.

    `environ` is the process environment, where the provider's SDK would find its own key
    variable (e.g. OPENAI_API_KEY) when BOT_LLM_API_KEY is not set.
    """
    name = provider_of(llm)
    provider = PROVIDERS.get(name)
    if provider is None:
        known = ", ".join(sorted(PROVIDERS))
        return f"unknown provider {name!r} in {llm!r} (known: {known})"
    if not installed(provider.module):
        how = f"pip install -e '.[{provider.extra}]'" if provider.extra else f"pip install {provider.package}"
        return f"{llm!r} needs the {provider.package} package, which is not installed ({how})"
    if provider.key_variables and not api_key and not any(environ.get(v) for v in provider.key_variables):
        return (f"{llm!r} needs an API key: set BOT_LLM_API_KEY (or {' / '.join(provider.key_variables)}); "
                "a local OpenAI-compatible server that needs none accepts any value")
    return None
