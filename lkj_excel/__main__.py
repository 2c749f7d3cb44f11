from .cli import main

# The guard matters on Windows: spawn re-imports __main__ in every worker process.
if __name__ == "__main__":
    main()
