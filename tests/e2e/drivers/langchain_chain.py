"""Run a small LangChain chain (a retriever, a chat model with a tool, the tool, the model
again) under the Langfuse LangChain callback handler: SDK 2.x's `langfuse.callback` or the
current SDK's `langfuse.langchain`, whichever the venv holds.

Run by test_clients_langchain.py in .venv-langchain-sdk2 or .venv-langchain-sdk5. ChatOpenAI
talks to the test's stub (OPENAI_BASE_URL), which asks for one `multiply` call and then
answers. LANGFUSE_HOST and the keys come from the environment. Prints the SDK version and the
trace id as one JSON line after flushing; exits non-zero if the SDK logged an error.
"""

import importlib.metadata
import json
import sys

from langchain_core.callbacks import CallbackManagerForRetrieverRun
from langchain_core.documents import Document
from langchain_core.messages import HumanMessage, SystemMessage
from langchain_core.retrievers import BaseRetriever
from langchain_core.runnables import RunnableConfig, RunnableLambda
from langchain_core.tools import tool
from langchain_openai import ChatOpenAI

from sdk_errors import collect_errors

QUESTION = "What is 6 times 7, and what does Langfarm store?"
CONTEXT = "Langfarm stores traces."


class FixedRetriever(BaseRetriever):
    """A retriever without embeddings: always the one document."""

    def _get_relevant_documents(self, query: str, *, run_manager: CallbackManagerForRetrieverRun) -> list[Document]:
        return [Document(page_content=CONTEXT, metadata={"source": "kb-1"})]


@tool
def multiply(a: int, b: int) -> int:
    """Multiply two integers."""
    return a * b


def answer(question: str, config: RunnableConfig) -> str:
    """Retrieve, ask the model (which calls the tool), run the tool, ask again."""
    documents = FixedRetriever().invoke(question, config)
    model = ChatOpenAI(model="gpt-4o-mini", temperature=0).bind_tools([multiply])
    messages = [SystemMessage(content=documents[0].page_content), HumanMessage(content=question)]
    request = model.invoke(messages, config)
    result = multiply.invoke(request.tool_calls[0], config)
    return model.invoke([*messages, request, result], config).content


def handler_and_flush():
    """The SDK's callback handler, the function that flushes what it sent, and one that
    returns the trace id the handler used."""
    if importlib.metadata.version("langfuse").startswith("2."):
        from langfuse.callback import CallbackHandler

        handler = CallbackHandler()
        return handler, handler.flush, lambda: handler.get_trace_id()
    from langfuse import get_client
    from langfuse.langchain import CallbackHandler

    handler = CallbackHandler()
    return handler, get_client().flush, lambda: handler.last_trace_id


def main() -> int:
    errors = collect_errors()
    handler, flush, trace_id = handler_and_flush()
    output = RunnableLambda(answer).invoke(QUESTION, {"callbacks": [handler], "run_name": "qa-chain"})
    flush()
    print(json.dumps({
        "sdk_version": importlib.metadata.version("langfuse"),
        "langchain_core_version": importlib.metadata.version("langchain-core"),
        "trace_id": trace_id(), "output": output, "errors": errors.messages,
    }))
    return 1 if errors.messages else 0


if __name__ == "__main__":
    sys.exit(main())
